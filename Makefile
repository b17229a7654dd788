# ecs-ec2-platform: the user interface for people and for CI.
#   make demo   set up, start the embedded AWS emulator, deploy every layer with site.yml
#   make test   set up and run every test suite
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON        ?= python3
VENV          := .venv
PY            := $(VENV)/bin/python
CHECKOV_VENV  := $(VENV)/checkov
CLOUDSPLAINING_VENV := $(VENV)/cloudsplaining
WORK          := .work
INVENTORY     ?= inventories/local
EMULATOR_PORT ?= 4566
ANSIBLE_ARGS  ?=
# The checkout keeps its runs in .work/<env> and reports/<env> here (the default is the inventory's folder).
OUTPUT_ARGS   := -e ecs_output_root=$(CURDIR)

# Everything below runs with the project's own Terraform CLI config and never phones home.
export TF_CLI_CONFIG_FILE := $(CURDIR)/$(WORK)/terraform/cli.tfrc
export CHECKPOINT_DISABLE := 1
export TF_IN_AUTOMATION := 1
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export EMULATOR_PORT
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

COLLECTION_LINK := $(VENV)/collections/ansible_collections/platform_ops/ecs_ec2
VENV_STAMP      := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | cksum | cut -d' ' -f1)
CHECKOV_STAMP   := $(CHECKOV_VENV)/.installed-$(shell cksum < requirements-checkov.txt | cut -d' ' -f1)
CLOUDSPLAINING_STAMP := $(CLOUDSPLAINING_VENV)/.installed-$(shell cksum < requirements-cloudsplaining.txt | cut -d' ' -f1)

.PHONY: help setup venv terraform-check demo test molecule lint sanity bench drift destroy emulator-up emulator-down clean

help:
	@echo "make demo    set up, start the emulator, deploy every layer on $(INVENTORY) (site.yml)"
	@echo "make test    set up and run every test suite"
	@echo "make molecule | lint | sanity | bench | drift | destroy | emulator-up | emulator-down | clean"

# ---- set-up ---------------------------------------------------------------------------------------
# Terraform first: without it nothing else is worth installing (stdlib only, runs before the venv).
terraform-check:
	@$(PYTHON) tools/terraform_setup.py --config $(TF_CLI_CONFIG_FILE)

$(VENV_STAMP): requirements.txt constraints.txt
	@echo "== installing pinned Python requirements into $(VENV)/"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

$(CHECKOV_STAMP): requirements-checkov.txt
	@echo "== installing checkov into its own virtualenv $(CHECKOV_VENV)/ (it pins an older boto3)"
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	@$(CHECKOV_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	@rm -f $(CHECKOV_VENV)/.installed-*
	@touch $@

# The IAM analysis (tests/iam): cloudsplaining and its offline IAM database, kept out of the collection's requirements.
$(CLOUDSPLAINING_STAMP): requirements-cloudsplaining.txt
	@echo "== installing cloudsplaining into its own virtualenv $(CLOUDSPLAINING_VENV)/ (test-only IAM analysis)"
	@test -x $(CLOUDSPLAINING_VENV)/bin/python || $(PYTHON) -m venv $(CLOUDSPLAINING_VENV)
	@$(CLOUDSPLAINING_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-cloudsplaining.txt
	@rm -f $(CLOUDSPLAINING_VENV)/.installed-*
	@touch $@

$(COLLECTION_LINK):
	@mkdir -p $(dir $@)
	@ln -sfn $(CURDIR) $@

# The three virtualenvs install side by side: pip is single-threaded and mostly CPU here (about 58, 30 and 8 s one after
# the other on a clean clone with 2 cores).
venv:
	@$(MAKE) --no-print-directory -j3 $(VENV_STAMP) $(CHECKOV_STAMP) $(CLOUDSPLAINING_STAMP) $(COLLECTION_LINK)

setup: terraform-check venv

# ---- the emulator -----------------------------------------------------------------------------------
emulator-up: setup
	@$(PY) -m emulator up --port $(EMULATOR_PORT)

emulator-down:
	@if [ -x $(PY) ]; then $(PY) -m emulator down --port $(EMULATOR_PORT); fi

# ---- the main job ----------------------------------------------------------------------------------
demo: setup emulator-up
	@$(PY) -m emulator fixtures --port $(EMULATOR_PORT) --inventory $(INVENTORY)
	@$(VENV)/bin/ansible-playbook playbooks/site.yml -i $(INVENTORY) $(OUTPUT_ARGS) $(ANSIBLE_ARGS)
	@url=$$($(PY) -m emulator listeners --port $(EMULATOR_PORT) --listener-port 443 --url 2>&1) \
	  && echo "The ALB's HTTPS listener, served on loopback by the emulator (plain HTTP): $$url" \
	  && echo "  curl -s $$url/        # web answers: its task id and task definition revision" \
	  && echo "  curl -s $$url/api/    # api" \
	  || echo "No listener endpoint to print: $$url"

drift: setup
	@$(VENV)/bin/ansible-playbook playbooks/drift_check.yml -i $(INVENTORY) $(OUTPUT_ARGS) $(ANSIBLE_ARGS)

destroy: setup
	@$(VENV)/bin/ansible-playbook playbooks/destroy.yml -i $(INVENTORY) -e destroy_state_backend=true $(OUTPUT_ARGS) $(ANSIBLE_ARGS)

# ---- quality -------------------------------------------------------------------------------------
# Every suite, in lanes side by side (tools/test_lanes.py): the end-to-end lanes mostly wait on the emulator's
# scaled AWS delays and on Terraform, each on its own emulator and deployment, while the fast suites use the CPU.
# `make test TEST_SUITES="tests/unit tests/lint"` runs the given suites in one pytest instead.
TEST_SUITES ?=

# Each lane prints its 10 slowest tests: a slow test is a bug (issue 22).
test: setup
ifeq ($(strip $(TEST_SUITES)),)
	@$(PY) tools/test_lanes.py $(PYTEST_ARGS)
else
	@$(PY) -m pytest -p no:cacheprovider --durations=15 $(TEST_SUITES) $(PYTEST_ARGS)
endif

# Molecule scenarios alone (default and resilience, sharing one deployment); `make test` runs them too.
molecule: setup
	@$(PY) -m pytest -p no:cacheprovider tests/molecule $(PYTEST_ARGS)

lint: setup
	@$(PY) -m pytest -p no:cacheprovider tests/lint

# ansible-test sanity alone (make lint and make test run it too): offline, on the supported Pythons found here.
sanity: setup
	@$(PY) tools/ansible_test_sanity.py $(SANITY_ARGS)

# Starts its own emulators on free ports (never the demo's); see docs/bench.md. BENCH_ARGS="--quick" for one pass.
bench: setup
	@$(PY) bench/run.py $(BENCH_ARGS)

clean: emulator-down
	rm -rf $(WORK) reports
	find terraform -name .terraform -type d -prune -exec rm -rf {} +
	find terraform/modules -name .terraform.lock.hcl -delete  # the layers' lock files are committed: kept
