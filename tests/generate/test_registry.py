import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import designkit.generate
from designkit.generate import (
    ENTRY_POINT_GROUP,
    Document,
    Generator,
    UnknownGeneratorError,
    generate,
    generators,
    register,
    resolve,
    unregister,
)
from designkit.generate.write import render, safe_path, write_documents
from tests.conftest import ROOT

PACKAGE = Path(designkit.generate.__file__).parent
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"][
    ENTRY_POINT_GROUP
]


@pytest.fixture
def demo_generator():
    @register("demo_test", "a demo", aliases=("demo",))
    def build(design):
        return [Document(f"demo/{s.name}.yaml", {"name": s.name, "n": 1}) for s in design.services]

    yield build
    unregister("demo_test")


def test_registered_generator_runs(small_shop, demo_generator):
    docs = generate(small_shop, ["demo-test"])
    assert [d.path for d in docs] == ["demo/order.yaml", "demo/stock.yaml", "demo/web.yaml"]
    assert generate(small_shop, ["DEMO"]) == docs


def test_unknown_kind(small_shop):
    with pytest.raises(UnknownGeneratorError, match="unknown generator 'nope'; choose from adr"):
        generate(small_shop, ["nope"])


def test_one_generator_per_kind(demo_generator):
    with pytest.raises(ValueError, match="already registered"):
        register("demo_test", "again")(lambda d: [])
    with pytest.raises(ValueError, match="already registered"):
        register("kong", "a second Kong")(lambda d: [])


def test_kind_is_module_name_is_entry_point_name():
    """One vocabulary: the entry point, the module and the kind have one name."""
    installed = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert installed == DECLARED, "installed metadata is stale: reinstall (make setup-test)"
    for kind, value in DECLARED.items():
        assert value == f"designkit.generate.{kind}:GENERATOR"
        gen = generators()[kind]
        assert (gen.kind, gen.build.__module__) == (kind, f"designkit.generate.{kind}")


def test_every_generator_module_is_registered():
    """A module defining GENERATOR without its entry point would never run."""
    defining = {path.stem for path in PACKAGE.glob("*.py") if "\nGENERATOR = " in path.read_text()}
    assert defining == set(DECLARED)


def test_readme_names_every_generator_by_its_kind():
    readme = (ROOT / "README.md").read_text()
    missing = [kind for kind in DECLARED if f"| `{kind}` |" not in readme]
    assert not missing


@pytest.mark.parametrize(
    ("names", "kinds"),
    [
        (["kong"], ["kong"]),
        (["gateway"], ["kong"]),
        (["Kubernetes", "k8s"], ["kubernetes"]),
        (["chaos-mesh", "chaos"], ["chaos_mesh"]),
        (["contract-docs", " ci "], ["contract_docs", "cicd"]),
        (["istio", "openapi", "asyncapi"], ["istio", "openapi", "asyncapi"]),
    ],
)
def test_names_users_know(names, kinds):
    assert resolve(names) == kinds


def test_aliases_never_shadow_a_kind():
    gens = generators()
    aliases = [a for g in gens.values() for a in g.aliases]
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & set(gens)


def test_importing_the_package_imports_no_generator():
    code = (
        "import sys, designkit.generate; "
        "print(sorted(m for m in sys.modules if m.startswith(('designkit.generate.', "
        "'designkit.model', 'pandas', 'networkx'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['designkit.generate.registry']"


def test_a_broken_plugin_is_skipped_with_a_warning(monkeypatch):
    import designkit.generate.registry as registry

    class FakeEntryPoint:
        name, value = "broken", "nowhere:GENERATOR"

        def load(self):
            raise ImportError("no module named nowhere")

    real = registry.entry_points

    def fake(group):
        return [*real(group=group), FakeEntryPoint()]

    monkeypatch.setattr(registry, "entry_points", fake)
    monkeypatch.setattr(registry, "_FROM_ENTRY_POINTS", None)
    with pytest.warns(UserWarning, match="'broken' .* could not be loaded"):
        gens = generators()
    assert "broken" not in gens and "kong" in gens


def test_missing_metadata_is_a_clear_error(monkeypatch):
    import designkit.generate.registry as registry

    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    monkeypatch.setattr(registry, "_FROM_ENTRY_POINTS", None)
    with pytest.raises(designkit.DesignKitError, match="reinstall"):
        generators()


def test_generator_values_are_generators():
    assert all(isinstance(g, Generator) for g in generators().values())


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a/../../b", "a/b"),
        ("../../etc/passwd", "etc/passwd"),
        ("x/ y z /f.yaml", "x/-y-z-/f.yaml"),
        ("/abs/path.json", "abs/path.json"),
        ("a\\b", "a/b"),
        ("..hidden", "hidden"),
    ],
)
def test_safe_paths(raw, safe):
    assert safe_path(raw).as_posix() == safe


def test_no_usable_name():
    with pytest.raises(ValueError, match="no usable file name"):
        safe_path("../..")


def test_render_formats():
    yaml_text = render(Document("a.yaml", {"k": "v", "l": [1, 2]}), "shop.yaml")
    assert yaml_text.startswith("# generated by designkit from shop.yaml - do not edit\n")
    assert "k: v" in yaml_text
    multi = render(Document("a.yaml", [{"a": 1}, {"b": 2}], multi=True), "s")
    assert multi.count("---\n") == 1
    assert render(Document("a.json", {"k": 1}, "json"), "s") == '{\n  "k": 1\n}\n'
    assert render(Document("a.md", "# T\n", "markdown"), "s").startswith("<!-- generated by")


def test_write_documents_is_deterministic_and_refuses_collisions(tmp_path):
    docs = [Document("k/a b.yaml", {"x": 1}), Document("k/c.json", {"y": 2}, "json")]
    first = write_documents(docs, tmp_path / "1", "d.yaml")
    second = write_documents(docs, tmp_path / "2", "d.yaml")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[0].relative_to(tmp_path / "1").as_posix() == "k/a-b.yaml"
    with pytest.raises(ValueError, match="two documents"):
        write_documents([Document("a b.yaml", {}), Document("a-b.yaml", {})], tmp_path / "3", "d")
