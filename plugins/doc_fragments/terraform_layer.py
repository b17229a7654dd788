# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)


class ModuleDocFragment:
    # The options of a module that runs terraform in one layer (terraform_cli.layer_argument_spec).
    DOCUMENTATION = r"""
options:
  project_path:
    description: The layer's root module directory.
    type: path
    required: true
  data_dir:
    description: The layer's initialised data dir (TF_DATA_DIR).
    type: path
    required: true
  binary_path:
    description: The terraform binary.
    type: path
    required: true
"""
