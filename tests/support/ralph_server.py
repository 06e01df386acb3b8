"""Launcher for a test Ralph LRS: adds the basic-auth user if needed, then serves the LRS.

Run as its own process by `support.lrs.RalphLRS` (with `python -I`, so this directory's modules
cannot shadow installed ones), with RALPH_* settings in the environment and a temp working dir.
uvicorn runs in this one process, so stopping that PID stops the LRS. Writing the user here
rather than in a separate `ralph auth` process saves a second Ralph import (~1.2 s) per start.

It imports nothing from the test suite: only Ralph, uvicorn and bcrypt (the `lrs` extra).
"""

from __future__ import annotations

import argparse


def write_user(username: str, password: str, mbox: str) -> None:
    """Append a user to RALPH_AUTH_FILE as `ralph auth -w` does, with Ralph's own models.

    `ralph auth` itself needs Ralph's `cli` extra (click-option-group, click<8.2.1), which the
    `lrs` extra lacks, so we build the same record from the same pydantic models Ralph validates
    the file with at request time.
    """
    from pathlib import Path

    import bcrypt
    from ralph.api.auth.basic import ServerUsersCredentials, UserCredentials
    from ralph.conf import settings
    from ralph.models.xapi.base.agents import BaseXapiAgentWithMbox

    # 4 rounds, bcrypt's minimum: a throwaway test password needs no cost, starts do.
    hashed = bcrypt.hashpw(password.encode(settings.LOCALE_ENCODING), bcrypt.gensalt(4))
    credentials = UserCredentials(
        username=username,
        hash=hashed.decode("ascii"),
        scopes=["all"],
        agent=BaseXapiAgentWithMbox(mbox=mbox, objectType="Agent"),
    )
    auth_file = Path(settings.AUTH_FILE)
    auth_file.parent.mkdir(parents=True, exist_ok=True)
    users = ServerUsersCredentials.model_validate([])
    if auth_file.is_file() and auth_file.stat().st_size:
        users = ServerUsersCredentials.model_validate_json(auth_file.read_text("utf-8"))
    if any(user.username == username for user in users):
        return  # a restart: the user is there already
    users += ServerUsersCredentials.model_validate([credentials])
    auth_file.write_text(users.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")


def serve(port: int, *, append_workaround: bool) -> None:
    """Run Ralph's API on 127.0.0.1:`port` until SIGTERM/SIGINT.

    Ralph 5.1.0's filesystem LRS backend writes every POST to the same file with operation type
    CREATE, which refuses an existing file: the second POST answers 500. APPEND is what the
    backend needs; `support/test_ralph_workaround.py` tells us when upstream fixes it.
    """
    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    if append_workaround:
        FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")


def main() -> None:
    """Parse the command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mbox", required=True, help="the user's agent, mailto:…")
    parser.add_argument(
        "--no-append-workaround",
        action="store_true",
        help="keep Ralph's CREATE write mode (to check whether upstream fixed the bug)",
    )
    args = parser.parse_args()
    write_user(args.username, args.password, args.mbox)
    serve(args.port, append_workaround=not args.no_append_workaround)


if __name__ == "__main__":
    main()
