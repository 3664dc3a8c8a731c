"""The `atlas` command line: the only module that prints or sets exit codes."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from generator.errors import AtlasError, Problem, ValidationFailed
from generator.load.validate import ValidatedAtlas, load_atlas

if TYPE_CHECKING:
    from generator.serve.live_site import BuildOutcome

DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="The data folder: atlas.yaml, codebooks, regions/ and sources/.",
)


def _github_escape(text: str, in_property: bool = False) -> str:
    """Escape text for a GitHub Actions workflow command (``%``, line breaks; ``:`` and ``,``
    in a property)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def _report(problems: list[Problem], fmt: str) -> None:
    """Print problems as text (standard error), JSON or GitHub annotations. Their severity
    is final: the library has already made every warning an error under ``--strict``."""
    if fmt == "json":
        click.echo(json.dumps([p.__dict__ for p in problems], ensure_ascii=False, indent=2))
        return
    for p in problems:
        if fmt == "github":
            level = p.severity
            click.echo(
                f"::{level} file={_github_escape(p.path, True)},line={p.line},"
                f"col={p.column}::{_github_escape(p.detail(label=False))}"
            )
        else:
            click.echo(p.format(), err=True)


def _fail(failed: ValidationFailed, fmt: str, outcome: str) -> NoReturn:
    """Report a failed validation and exit 1; ``outcome`` says what was left alone."""
    _report(failed.problems, fmt)
    if fmt == "text":
        errors = sum(1 for p in failed.problems if p.severity == "error")
        click.secho(
            f"{errors} error(s), {len(failed.problems) - errors} warning(s): {outcome}.",
            fg="red",
            err=True,
        )
    sys.exit(1)


def _load(data_dir: Path, strict: bool, fmt: str = "text") -> ValidatedAtlas:
    try:
        return load_atlas(data_dir, strict=strict)
    except ValidationFailed as exc:
        _fail(exc, fmt, "nothing was changed")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-atlas")
def main() -> None:
    """Policy Atlas: validate, export and build the bilingual policy atlas."""


@main.command()
@DATA_OPTION
@click.option(
    "--strict", is_flag=True, help="Treat warnings (missing English, no indicator) as errors."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for annotations.",
)
def validate(data_dir: Path, strict: bool, fmt: str) -> None:
    """Check every data file and report every problem as path:line:col: field: message."""
    result = _load(data_dir, strict, fmt)
    _report(result.warnings, fmt)
    if fmt == "json" and not result.warnings:
        return
    if fmt == "text":
        atlas = result.atlas
        records = sum(
            len(r.goals) + len(r.status) + len(r.phases) + len(r.measures) for r in atlas.regions
        )
        click.secho(
            f"ok: {len(atlas.regions)} regions, {records} records, "
            f"{len(result.warnings)} warning(s)",
            fg="green",
            err=True,
        )


@main.command()
@DATA_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export(data_dir: Path, output: Path | None) -> None:
    """Write the whole validated atlas as JSON, in the shape of the YAML."""
    from generator.exports.files import atlas_json
    from generator.output.guard import check_json_output, write_json_file

    if output is not None:
        check_json_output(output, data_dir)  # refuse before the work, not after
    text = atlas_json(_load(data_dir, strict=False).atlas)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_json_file(output, text, data_dir)
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write one schema to this file ('-' for standard output) instead of both to schema/.",
)
@click.option(
    "--of",
    "kind",
    type=click.Choice(["region", "atlas"]),
    default="region",
    show_default=True,
    help="With -o: the region-file schema or the atlas.json one.",
)
def schema(output: Path | None, kind: str) -> None:
    """Write the JSON Schemas (draft-07): schema/region.schema.json for editors, and
    schema/atlas.schema.json for the exported atlas."""
    from generator.exports.schema import SCHEMAS, schema_text
    from generator.output.guard import write_json_file

    if output is not None and str(output) == "-":
        click.echo(schema_text(kind), nl=False)
        return
    targets = (
        {output: kind}
        if output is not None
        else {Path("schema") / f"{name}.schema.json": name for name in SCHEMAS}
    )
    for path, name in targets.items():
        if output is None:
            path.parent.mkdir(parents=True, exist_ok=True)  # its own schema/ folder
        write_json_file(path, schema_text(name), None)
        click.echo(f"wrote {path}", err=True)


@main.group()
def new() -> None:
    """Create new data files from commented templates that validate as they are."""


@new.command("region")
@click.argument("region_id", metavar="ID")
@DATA_OPTION
def new_region(region_id: str, data_dir: Path) -> None:
    """Scaffold regions/ID.yaml and an empty source text to paste the document into."""
    from generator.editor.scaffold import scaffold_region
    from generator.errors import display_path

    made = scaffold_region(data_dir, region_id)
    region, source = display_path(made.region_file), display_path(made.source_file)
    data = "" if data_dir == Path("data") else f" --data {data_dir}"
    click.secho(f"created {region}", fg="green")
    click.secho(
        f"created {source} (empty)"
        if made.source_created
        else f"kept {source}: the document points at it",
        fg="green",
    )
    paste = (
        f"  1. Paste the source document, verbatim, into {source}\n"
        "     把原文逐字粘贴到该文件(抓取造成的错字也保留)。\n"
        if made.source_created
        else f"  1. Check that {source} holds the whole source, verbatim\n"
        "     确认该文件是完整的原文(逐字,抓取造成的错字也保留)。\n"
    )
    click.echo(
        "\nNext steps / 下一步:\n"
        + paste
        + f"  2. Fill in the region and its document in {region}; then add goals,\n"
        "     phases and measures (commented examples at the end of the file).\n"
        "     填写地区与文件信息,再添加目标、阶段与举措(文件末尾有示例)。\n"
        f"  3. Check / 检查:   atlas validate --strict{data}\n"
        f"  4. Preview / 预览: atlas serve{data}  ->  "
        f"http://127.0.0.1:8000/regions/{made.region_id}/\n"
        "  5. Open a pull request: see CONTRIBUTING.md / 提交合并请求,见 CONTRIBUTING.md"
    )


@main.command()
@click.argument("region_id", metavar="ID")
@click.option(
    "--document",
    "document",
    default=None,
    help="The archived text to draft from, sources/ID/DOC.txt (needed when there are several).",
)
@DATA_OPTION
def draft(region_id: str, document: str | None, data_dir: Path) -> None:
    """Propose the region's records from its archived source text, marked review: draft."""
    from generator.draft.run import draft_region
    from generator.errors import display_path

    try:
        result = draft_region(data_dir, region_id, document)
    except ValidationFailed as exc:
        _report(exc.problems, "text")
        click.secho("the region file cannot be read: nothing was changed.", fg="red", err=True)
        sys.exit(1)
    where = display_path(result.region_file)
    if result.created:
        click.secho(f"created {where}", fg="green")
    elif result.changed:
        click.secho(f"updated {where}", fg="green")
    else:
        click.secho(f"nothing to add to {where}: every proposal is already there", fg="green")
    for key in ("documents", "goals", "status", "phases", "measures"):
        added, kept = result.added.get(key, 0), result.kept.get(key, 0)
        if added or kept:
            click.echo(f"  {key}: {added} proposed" + (f", {kept} already there" if kept else ""))
    if result.rejected:
        click.echo(f"  {result.rejected} figure(s) left out: their quote would not validate")
    for citation in result.citations:
        click.echo(f"  cites: {citation.label}")
    data = "" if data_dir == Path("data") else f" --data {data_dir}"
    click.echo(
        "\nEvery proposal is marked `review: draft` and has no English yet.\n"
        "每条提议都标为 review: draft,英文留空。\n"
        f"  1. Review / 审核:  atlas serve{data}  (drafts are marked on the page)\n"
        f"  2. Check / 检查:   atlas validate --strict{data}  (fails until every draft is reviewed)"
    )


def _show_build(outcome: BuildOutcome) -> None:
    after = f" after {', '.join(outcome.changed)}" if outcome.changed else ""
    if outcome.ok:
        click.secho(f"built {outcome.pages} pages in {outcome.seconds:.2f}s{after}", fg="green")
        return
    for problem in outcome.problems:
        click.echo(problem.format(), err=True)
    what = (
        f"{sum(1 for p in outcome.problems if p.severity == 'error')} error(s)"
        if outcome.problems
        else f"the build failed: {outcome.error}"
    )
    click.secho(f"{what}{after}; the pages show them until the next good save", fg="red", err=True)


def _stop_on_terminate(signum: int, frame: object) -> None:
    """SIGTERM (a process manager, `kill`) stops `atlas serve` as Ctrl-C does."""
    raise KeyboardInterrupt


@main.command()
@DATA_OPTION
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 to serve on (0 picks a free one).",
)
def serve(data_dir: Path, port: int) -> None:
    """Serve the site on 127.0.0.1, rebuilding and reloading the page on every save."""
    from generator.serve.server import DevServer

    # Ctrl-C stops it even when it was started with SIGINT ignored (a background job of a
    # non-interactive shell inherits that, and Python then installs no handler of its own)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    _exit_soon_after_a_signal()
    click.echo(f"building {data_dir} …")
    try:
        cache = Path(os.environ.get("ATLAS_CACHE", ".atlas-cache"))
        server = DevServer(
            data_dir,
            port=port,
            notice=lambda line: click.echo(line, err=True),
            cache_dir=cache,
        )
    except KeyboardInterrupt:
        click.echo("stopped")
        return
    _show_build(server.first_build)
    click.secho(f"serving {server.url}  (Ctrl-C to stop)", bold=True)
    try:
        server.watch(_show_build)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("stopped")
    _exit_now()


STOP_GRACE = 5.0  # seconds after Ctrl-C (or SIGTERM) before `atlas serve` leaves regardless


def _exit_soon_after_a_signal() -> None:
    """Ctrl-C stops `atlas serve` within :data:`STOP_GRACE` seconds, whatever it is doing.

    Python runs a signal's handler only when the main thread is back in Python code; a
    watcher thread is woken at once instead, through the wakeup file the C-level handler
    writes the signal's number to, and leaves (status 0, "stopped") if the orderly stop
    has not happened by then."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)

    def watch() -> None:
        with reader, writer:  # both kept open while the process lives
            while reader.recv(1)[0] not in (signal.SIGINT, signal.SIGTERM):
                pass  # another signal with a handler
            time.sleep(STOP_GRACE)
            click.echo("stopped")
            _exit_now()

    threading.Thread(target=watch, name="atlas-stop", daemon=True).start()


def _exit_now() -> NoReturn:
    """Leave at once, dropping the preview's background work (the whole site being built
    again, the search being indexed): the interpreter's exit would wait for its threads
    and their Pagefind indexers, and Ctrl-C is to stop now. The port is already closed."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@main.command()
@DATA_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),  # the output guard refuses a file, with exit status 1
    default=Path("site"),
    show_default=True,
    help="The folder to build the site into.",
)
@click.option("--strict", is_flag=True, help="Refuse to build when there are warnings.")
@click.option(
    "--base-url",
    envvar="ATLAS_BASE_URL",
    default=None,
    help="Publish at this address instead of atlas.yaml's base_url "
    "(env ATLAS_BASE_URL; a deploy preview's address).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".atlas-cache"),
    show_default=True,
    envvar="ATLAS_CACHE",
    help="Keep what each build validated, rendered and indexed here, by content hash, "
    "and redo only what changed (env ATLAS_CACHE).",
)
@click.option("--no-cache", is_flag=True, help="Validate, render and index everything afresh.")
def build(
    data_dir: Path,
    out_dir: Path,
    strict: bool,
    base_url: str | None,
    cache_dir: Path,
    no_cache: bool,
) -> None:
    """Validate, then build the bilingual site into --out; nothing changes on any error."""
    from generator.build import build_site

    terminal = sys.stderr.isatty()

    def progress(stage: str) -> None:
        click.echo(f"  {stage}…", err=True)

    try:
        report = build_site(
            data_dir,
            out_dir,
            progress=progress if terminal else None,
            strict=strict,
            base_url=base_url or None,
            cache_dir=None if no_cache else cache_dir,
        )
    except ValidationFailed as exc:
        _fail(exc, "text", f"nothing was built; {out_dir} is unchanged")
    click.secho(f"{report.summary()} -> {out_dir}", fg="green" if terminal else None, err=True)


def run() -> None:
    """Entry point that turns library errors into messages, never tracebacks."""
    try:
        main(standalone_mode=True)
    except AtlasError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
