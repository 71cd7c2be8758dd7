from designkit.analysis.graph import dependency_graph
from tests.conftest import make


def test_sync_and_topic_edges(small_shop):
    g = dependency_graph(small_shop)
    assert sorted(g.nodes) == ["order", "stock", "web"]
    assert g.edges["web", "order"]["sync"] is True
    assert g.edges["order", "stock"]["protocol"] == "grpc"  # sync kept over the topic edge
    assert g.nodes["stock"]["context"] == "Fulfilment"


def test_topic_edges_from_publishers_to_consumers():
    d = make(
        services=[{"name": "a", "publishes": ["t1"]}, {"name": "b"}, {"name": "c"}],
        topics=[{"name": "t1", "consumers": ["b", "c"]}],
    )
    g = dependency_graph(d)
    assert sorted(g.edges(data="topic")) == [("a", "b", "t1"), ("a", "c", "t1")]
    assert all(not sync for _, _, sync in g.edges(data="sync"))
    assert dependency_graph(d, include_async=False).number_of_edges() == 0


def test_input_not_mutated(small_shop):
    before = small_shop.model_dump()
    dependency_graph(small_shop)
    assert small_shop.model_dump() == before
