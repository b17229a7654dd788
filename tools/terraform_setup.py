"""`make`'s first step: find Terraform and the AWS provider source (mirror or registry), write the project's CLI
config and say which is used. Standard library only: it runs before the virtualenv exists, so it imports
plugins/module_utils/terraform_toolchain.py by path (the terraform_toolchain module does the same job in a play).

    python tools/terraform_setup.py --config .work/terraform/cli.tfrc [--terraform PATH] [--mirror DIR]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "plugins", "module_utils"))

import terraform_toolchain  # pylint: disable=wrong-import-position


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--config", required=True, help="where to write the project-local Terraform CLI config")
    parser.add_argument("--terraform", help="terraform binary (default: the one on PATH)")
    parser.add_argument("--mirror", help="unpacked provider mirror (default: TF_PROVIDER_MIRROR, then known places)")
    args = parser.parse_args(argv)
    try:
        info = terraform_toolchain.setup(args.config, args.terraform, args.mirror)
    except terraform_toolchain.ToolchainError as exc:
        print("ERROR: %s" % exc, file=sys.stderr)
        return 2
    print(info["summary"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
