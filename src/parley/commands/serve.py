"""`parley serve`: the web view and JSON API on uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from parley.commands.common import ConfigOption, DbOption, err, errors, open_store, out, settings_from
from parley.config import settings_environment
from parley.store.store import redact


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: DbOption = None,
        config: ConfigOption = None,
        host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
        allow_private_urls: Annotated[
            bool,
            typer.Option(
                "--allow-private-urls",
                help="Let API writes ingest URLs on private and loopback addresses (off: refused)",
            ),
        ] = False,
        workers: Annotated[
            int,
            typer.Option(
                min=1,
                max=64,
                help="Server processes; more answer more requests at once (each holds its own cache)",
            ),
        ] = 1,
    ) -> None:
        """Serve the web view and the JSON API (/api/v1). Writes through the API are on only when
        PARLEY_API_TOKEN is set; they then need `Authorization: Bearer <token>`."""
        import uvicorn

        from parley.web import create_app
        from parley.web.app import PRIVATE_URLS_VARIABLE, TOKEN_VARIABLE

        token = os.environ.get(TOKEN_VARIABLE) or None
        with errors():
            settings = settings_from(config, db=db)
            # fail here, with the CLI's message and exit code, rather than on the first request; a server
            # that takes writes may start on a store that does not exist yet
            with open_store(settings, create=token is not None):
                pass
            web = create_app(settings, api_token=token, allow_private_urls=allow_private_urls)
        shown = f"[{host}]" if ":" in host else host
        out.print(
            f"parley: serving {redact(settings.db)} at [bold]http://{shown}:{port}/[/]", highlight=False
        )
        out.print(f"API writes: {'on (bearer token)' if token else f'off (set {TOKEN_VARIABLE} to enable)'}")
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print(f"[yellow]note:[/] listening on {host}: anyone who can reach it can read the store")
        if workers == 1:
            uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)
            return
        # Worker processes import the app by name and build it from the environment: the settings this
        # command resolved (file, variables, flags) go to them as PARLEY_* variables.
        os.environ.update(settings_environment(settings))
        os.environ[PRIVATE_URLS_VARIABLE] = "1" if allow_private_urls else "0"
        out.print(f"{workers} server processes")
        uvicorn.run(
            "parley.web.app:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=False,
        )
