"""The Terraform command lines terraform_drift_info runs for a layer planned on its own (what the fake terraform
is expected to see)."""

import os


def plan_argv(binary, layer, lock_timeout=120):
    work = os.path.dirname(layer["data_dir"])
    return [binary, "plan", "-json", "-refresh=true", "-detailed-exitcode", "-input=false",
            "-lock-timeout=%ds" % lock_timeout, "-out=%s" % os.path.join(work, "drift.tfplan"),
            "-var-file=%s" % layer["var_file"]]


def init_argv(binary, layer):
    return [binary, "init", "-input=false", "-no-color", "-reconfigure",
            "-backend-config=%s" % layer["backend_config_file"]]


def show_argv(binary, layer):
    return [binary, "show", "-json", "-no-color", os.path.join(os.path.dirname(layer["data_dir"]), "drift.tfplan")]
