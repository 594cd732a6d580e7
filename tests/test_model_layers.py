"""dbt models depend one way: staging <- intermediate <- marts; no staging or intermediate
model reads a mart. Read from the manifest `dualcarbon prepare` writes."""

from __future__ import annotations

import json

from dualcarbon.paths import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
# A layer may read models of the layers listed for it (and seeds and sources, always).
MAY_READ = {
    "staging": set(),
    "intermediate": {"staging", "intermediate"},
    "marts": {"staging", "intermediate", "marts"},
}


def _layer(node: dict) -> str:
    # fqn is [project, folder under models/, ..., model name]
    return node["fqn"][1]


def layer_violations(manifest: dict) -> list[str]:
    """Every edge `model -> model` that reads against the flow."""
    nodes = manifest["nodes"]
    found = []
    for node in nodes.values():
        if node["resource_type"] != "model":
            continue
        for parent_id in node["depends_on"]["nodes"]:
            parent = nodes.get(parent_id)
            if parent is None or parent["resource_type"] != "model":
                continue  # seeds, sources, macros
            if _layer(parent) not in MAY_READ[_layer(node)]:
                found.append(f"{node['name']} ({_layer(node)}) reads {parent['name']}")
    return sorted(found)


def _model(name: str, layer: str, *parents: str) -> tuple[str, dict]:
    return f"model.p.{name}", {
        "name": name,
        "resource_type": "model",
        "fqn": ["p", layer, name],
        "depends_on": {"nodes": [f"model.p.{p}" for p in parents] + ["seed.p.ref_x"]},
    }


def test_the_check_finds_a_model_reading_against_the_flow():
    nodes = dict(
        [
            _model("stg_a", "staging"),
            _model("int_b", "intermediate", "stg_a"),
            _model("fct_c", "marts", "int_b"),
            _model("int_d", "intermediate", "fct_c"),
            _model("stg_e", "staging", "int_b"),
        ]
    )
    nodes["seed.p.ref_x"] = {"name": "ref_x", "resource_type": "seed", "fqn": ["p", "x"]}
    assert layer_violations({"nodes": nodes}) == [
        "int_d (intermediate) reads fct_c",
        "stg_e (staging) reads int_b",
    ]


def test_no_staging_or_intermediate_model_reads_a_mart():
    assert MANIFEST.exists(), f"run `dualcarbon prepare` first: {MANIFEST} is missing"
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    layers = {_layer(n) for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert layers == set(MAY_READ)  # a new folder must be placed in the flow first
    assert layer_violations(manifest) == []
