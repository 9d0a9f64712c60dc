# The Python side of tools/pulumi-language-python: configures the `pulumi` package installed in
# the program's interpreter from the arguments and environment the host passes, then runs the
# program inside a stack. The upstream host ships an equivalent script with the CLI, not with the
# `pulumi` wheel, so this host carries its own.
import argparse
import asyncio
import logging
import os
import runpy
import signal
import sys
import traceback

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print("The Pulumi SDK is not installed for " + sys.executable
          + ": pip install pulumi (and the program's requirements) into it.", file=sys.stderr)
    sys.exit(1)


def stop_quietly(_signum, _frame):
    # The host sends SIGINT when the engine ends the run: after a resource failed (the engine
    # has reported why) or on ^C. A KeyboardInterrupt traceback from wherever the program was
    # would only bury that error; the upstream host adds none either.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1)


def main() -> int:
    signal.signal(signal.SIGINT, stop_quietly)
    parser = argparse.ArgumentParser()
    for flag in ("project", "stack", "organization", "monitor", "engine", "pwd"):
        parser.add_argument("--" + flag)
    parser.add_argument("--parallel", type=int, default=0)
    parser.add_argument("--dry_run", default="false")
    parser.add_argument("program")
    parser.add_argument("args", nargs="*")
    args = parser.parse_args()

    config = pulumi.runtime.get_config_env()
    if hasattr(pulumi.runtime, "set_all_config"):
        pulumi.runtime.set_all_config(config, pulumi.runtime.get_config_secret_keys_env())
    else:
        for key, value in config.items():
            pulumi.runtime.set_config(key, value)
    settings = dict(monitor=args.monitor, engine=args.engine, project=args.project,
                    stack=args.stack, parallel=args.parallel, dry_run=args.dry_run == "true")
    if args.organization:
        settings["organization"] = args.organization
    pulumi.runtime.configure(pulumi.runtime.Settings(**settings))

    sys.argv = [args.program] + args.args
    if args.pwd:
        os.chdir(args.pwd)
    # A failed resource leaves futures nobody awaits; asyncio's complaints about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(
            pulumi.runtime.run_in_stack(lambda: runpy.run_path(args.program, run_name="__main__")))
        return 0
    except pulumi.RunError as e:
        pulumi.log.error(str(e))
    except Exception:
        pulumi.log.error(traceback.format_exc())
    finally:
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return 1


if __name__ == "__main__":
    sys.exit(main())
