"""The root of the command line: the ``zhen`` app, its sub-apps, and error handling.

Library errors (:class:`~align.core.errors.ZhenError`) and usage errors (a missing argument,
an option's bad value) become one line ``Error: …`` on stderr and exit code 1 in one place
(:class:`ZhenGroup`); Ctrl-C and SIGTERM unwind (removing any staging
folder on the way) and exit with 130. Each command group lives in its own module of
:mod:`zhen.commands` and is mounted here with ``add_typer``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from align import __version__
from align.core.errors import ZhenError
from zhen.commands import align, check, export, glossary, review, run


def _usage_errors() -> tuple[type[Exception], ...]:
    """The classes of a usage error: a recent Typer parses with its own copy of Click, an
    older one with Click itself."""
    found: list[type[Exception]] = []
    try:
        from typer._click.exceptions import UsageError

        found.append(UsageError)
    except ImportError:  # pragma: no cover - an older Typer
        pass
    try:
        import click

        found.append(click.UsageError)
    except ImportError:  # pragma: no cover - a Typer without Click installed beside it
        pass
    return tuple(found)


_USAGE_ERRORS = _usage_errors()


class ZhenGroup(TyperGroup):
    """Turns library and usage errors into ``Error: …`` and exit code 1, for every
    subcommand."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; report a :class:`ZhenError` or a usage error in one line,
        without a traceback or the usage block."""
        try:
            return super().invoke(ctx)
        except ZhenError as ex:
            typer.echo(f"Error: {ex}", err=True)
            raise typer.Exit(1) from None
        except _USAGE_ERRORS as ex:
            usage: Any = ex  # either Click's UsageError or Typer's copy of it
            where = (usage.ctx or ctx).command_path
            message = " ".join(usage.format_message().split()).rstrip(".")
            typer.echo(f"Error: {message}. See '{where} --help'.", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted: nothing was written", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    name="zhen",
    cls=ZhenGroup,
    no_args_is_help=True,
    add_completion=False,
    help="Chinese-English alignment and glossary tool for translators.",
    pretty_exceptions_enable=False,
    # Help text is shown as written: [zh ids]:[en ids] and [default: …] are not markup.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zhen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Chinese-English alignment and glossary tool for translators."""


app.add_typer(run.app)
app.add_typer(align.app)
app.add_typer(glossary.app)
app.add_typer(check.app)
app.add_typer(export.app, name="export")
app.add_typer(review.app)


def main() -> None:
    """Entry point of the ``zhen`` console script."""
    import signal

    def _terminate(signum: int, frame: object) -> None:
        # SIGTERM unwinds like Ctrl-C, so that staging folders are removed on the way out.
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    app()


if __name__ == "__main__":  # pragma: no cover - python -m zhen.app
    main()
