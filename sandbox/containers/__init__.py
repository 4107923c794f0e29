"""Everything that talks to the Docker engine: where it is, Compose, images, the lab's
containers and their lifecycle, what runs inside them, cleanup. Nothing here prints: commands
and progress are announced to the runner's reporter, which the output layer shows."""
