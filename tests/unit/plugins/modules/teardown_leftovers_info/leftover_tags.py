"""The default tags of a deployment's resources, as the layers' providers set them."""

PROJECT, ENV = "demo", "local"


def default_tags(layer, **changes):
    """The tags every layer's provider sets (terraform/layers/*/providers.tf), with some changed or dropped (None)."""
    tags = {"Project": PROJECT, "Environment": ENV, "Owner": "platform", "Layer": layer, "ManagedBy": "terraform"}
    tags.update(changes)
    return {k: v for k, v in tags.items() if v is not None}
