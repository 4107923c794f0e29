import pytest

from sandbox.analysis.pstree import parse_pstree, shape
from sandbox.catalog import find
from tests.unit.samples import PSTREE_THREADS_ASCII, PSTREE_THREADS_HTTP


def test_live_threads_tree_has_router_and_three_workers_of_three_threads():
    root = parse_pstree(PSTREE_THREADS_HTTP)[0]
    assert (root.name, root.pid, root.is_thread) == ("uwsgi", 1, False)
    assert [child.pid for child in root.processes] == [7, 8, 9]
    assert [len(child.threads) for child in root.processes] == [0, 3, 3]
    assert [thread.pid for thread in root.threads] == [13, 14, 15]


def test_ascii_drawing_parses_to_the_same_tree():
    assert shape(parse_pstree(PSTREE_THREADS_ASCII)[0]) == shape(parse_pstree(PSTREE_THREADS_HTTP)[0])


def test_the_articles_own_c4_tree_parses():
    root = parse_pstree(find("threads").article_output)[0]
    uwsgi = next(node for node in root.walk() if node.pid == 22111)
    assert [p.pid for p in uwsgi.processes] == [22112, 22113]
    assert [t.pid for t in uwsgi.threads] == [22116, 22119, 22122]
    assert all(len(child.threads) == 3 for child in uwsgi.processes)


def test_shape_ignores_pids():
    assert shape(parse_pstree("uwsgi(1)───uwsgi(7)")[0]) == shape(
        parse_pstree("uwsgi(22067)───uwsgi(22068)")[0]
    )
    assert shape(parse_pstree("a(1)─┬─b(2)\n     └─{t}(3)")[0]) == "a(b){1}"


def test_thread_names_with_spaces_are_kept():
    root = parse_pstree("uwsgi(1)───{Python reloader}(9)")[0]
    assert root.threads[0].name == "Python reloader"


@pytest.mark.parametrize("text", ["", "no tree here", "uwsgi 1 2 3"])
def test_text_without_nodes_is_refused(text):
    with pytest.raises(ValueError):
        parse_pstree(text)
