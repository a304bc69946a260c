"""The `cxref` command line: parses arguments, calls the loader, a query, a view and a renderer,
and maps errors to one line on stderr and an exit code. :func:`run` is the whole program.

Heavy modules are imported inside the commands, so that ``cxref --help`` stays cheap.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, get_args

import typer

from . import __version__
from .completion import BASH_SCRIPT, complete
from .errors import EXIT_DATA, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, CxrefError, UsageError
from .output import (
    Settings,
    announce,
    error,
    prepare_streams,
    present,
    quiet_stdout,
    say,
    write_stdout,
)
from .render import BIBLIOGRAPHY, CHARTS, STYLED, TABLES, Format, extensions, format_for
from .safetext import one_line

if TYPE_CHECKING:
    from .model import Corpus
    from .report import Report

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False, context_settings={
                      "help_option_names": ["-h", "--help"], "max_content_width": 100})


class State(NamedTuple):
    """What the shared options set, handed to every command."""

    definitions: list[str]
    cache: bool
    settings: Settings

    def corpus(self) -> "Corpus":
        """Every command's data (store.load), with what the loading noticed said on stderr."""
        from .store import load

        corpus = load(self.definitions, use_cache=self.cache)
        announce(corpus)
        return corpus

    def emit(self, report: "Report | Callable[[Format], Report]", fmt: Format | None,
             output: str | None, default: Format = Format.table,
             writes: tuple[Format, ...] = TABLES) -> None:
        """Write `report` in one of `writes`, the formats the command writes."""
        present(report, fmt, output, self.settings, default, writes)


def command(func: Callable[..., None]) -> Callable[..., None]:
    """Register `func` as a command whose first parameter is the :class:`State`: the shared
    options are added to its parameters, merged with those given before the command's name
    (folders add up, a flag holds when given in either place)."""
    signature = inspect.signature(func)
    own = list(signature.parameters.values())[1:]
    shared = (FORCE, *SHARED) if "output" in signature.parameters else SHARED

    @functools.wraps(func)
    def run_command(ctx: typer.Context, *args: Any, definitions: list[str] | None = None,
                    no_cache: bool = False, no_color: bool = False, no_pager: bool = False,
                    force: bool = False, **kwargs: Any) -> None:
        before = ctx.find_root().params
        state = State([*(before.get("definitions") or []), *(definitions or [])],
                      not (before.get("no_cache") or no_cache),
                      Settings(not (before.get("no_color") or no_color),
                               not (before.get("no_pager") or no_pager), force))
        try:
            func(state, *args, **kwargs)
        except BrokenPipeError:  # here, before Typer's own handler turns it into exit 1
            quiet_stdout()
            raise typer.Exit(EXIT_OK) from None

    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=typer.Context)
    run_command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[context, *own, *shared])
    app.command()(run_command)
    return func


# -- the options every command shares, before or after its name -------------------------------

def _version(value: bool) -> None:
    if value:
        write_stdout(f"cxref {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    definitions: Annotated[list[str] | None, typer.Option(
        "--definitions", "-d", metavar="DIR",
        help="A folder of your own sources (sources/*.yaml), loaded on top of the shipped set; "
             "repeatable. Also read from CXREF_DEFINITIONS (a path list).")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Read every YAML file instead of the parsed-corpus cache.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour or styles.")] = False,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Never send long output through a pager.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """A reference for the difference between customer experience (CX) and customer service
    (CS): who defines the terms how, and on what grounds, every claim traced to a verbatim quote.

    Example: cxref compare
    """


SHARED = tuple(p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
               for p in list(inspect.signature(main).parameters.values())[:4])


# -- options of several commands ---------------------------------------------------------------

def _choices(formats: tuple[Format, ...]) -> str:
    return "[" + "|".join(f.value for f in formats) + "]"


def _formats(formats: tuple[Format, ...]) -> Callable[[str], str]:
    """The --format option's parser: a format's name in any case, refused as `format_for`
    refuses it, or with the list of `formats` when it names none."""
    def parse(value: str) -> str:
        name = str(value).lower()
        if name not in {f.value for f in Format}:
            raise typer.BadParameter(f"'{value}' is not one of "
                                     f"{', '.join(repr(f.value) for f in formats)}")
        return format_for(None, Format(name), formats[0], formats).value
    return parse


def _output_help(formats: tuple[Format, ...], more: str = "") -> str:
    return (f"Write to FILE instead of stdout ('-' is stdout); its extension picks the format "
            f"({' '.join(extensions(formats))}) unless --format is given.{more}")


FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", show_default=False, metavar=_choices(TABLES), parser=_formats(TABLES),
    help="Output format [default: table, or what --output's extension names]. svg is a "
         "picture of the table, refused beyond 100 lines (for a slide: cxref chart).")]
OutputOpt = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE", help=_output_help(TABLES))]
# Given by `command` to every command that has an --output.
FORCE = inspect.Parameter("force", inspect.Parameter.KEYWORD_ONLY, default=False,
                          annotation=Annotated[bool, typer.Option(
                              "--force", help="Replace the --output FILE even when it is "
                              "read-only.")])
SourceOpt = Annotated[list[str] | None, typer.Option(
    "--source", "-s", metavar="ID", autocompletion=complete("source"),
    help="Count only this source; repeatable.")]


# -- commands ----------------------------------------------------------------------------------

@command
def compare(
    state: State,
    term_a: Annotated[str, typer.Argument(
        metavar="[TERM_A]", help="The first term (name or alias).",
        autocompletion=complete("term"))] = "customer experience",
    term_b: Annotated[str, typer.Argument(
        metavar="[TERM_B]", help="The second term.",
        autocompletion=complete("term"))] = "customer service",
    min_support: Annotated[int, typer.Option(
        "--min-support", "-k", min=0, metavar="K",
        help="Only rows backed by at least K sources (on both sides or one; sources that "
             "only contest a pair are not counted).")] = 1,
    source: SourceOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """How CX and CS differ, pair by pair, and who says so.

    A row per trait pair, with how many sources back it on both sides, on one side, or
    contest it, and which.

    Example: cxref compare --min-support 2 --format markdown > table.md
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.compare(corpus, queries.compare(
        corpus, term_a, term_b, min_support=min_support, sources=source or ())), fmt, output)


@command
def sources(
    state: State,
    term: Annotated[str, typer.Argument(
        metavar="TERM", help="A term's name or alias, any case.",
        autocompletion=complete("term"))],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Every source's definition of a term.

    Each with the voice it quotes or reports, and the hedge ('often') that qualifies it.

    Example: cxref sources "customer service"
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.definitions(corpus, *queries.definitions_of(corpus, term)), fmt, output)


@command
def similarities(
    state: State,
    term_a: Annotated[str, typer.Argument(autocompletion=complete("term"), metavar="[TERM_A]",
                                          help="The first term.")] = "customer experience",
    term_b: Annotated[str, typer.Argument(autocompletion=complete("term"), metavar="[TERM_B]",
                                          help="The second term.")] = "customer service",
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """What two terms share, in each source's words.

    Each shared trait, each side's description, and the sources that say so.

    Example: cxref similarities --format csv
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.similarities(corpus, *queries.similarities(corpus, term_a, term_b)), fmt,
               output)


@command
def terms(state: State, fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """The terms, their aliases, and who defines each.

    An alias works wherever a term is asked for: `cxref sources CS`.

    Example: cxref terms --format json
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.terms(corpus, queries.terms(corpus)), fmt, output)


@command
def show(
    state: State,
    source_id: Annotated[str | None, typer.Argument(
        metavar="SOURCE", help="A source id; without one, the ids there are.",
        autocompletion=complete("source"))] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """One source and every claim it makes.

    Its details (id, title, author, site, URL, date, note), then a row per claim: its kind,
    what it is about, the quote and its voice.

    Example: cxref show franz
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.show(corpus, queries.find_source(corpus, source_id)), fmt, output)


@command
def why(
    state: State,
    trait: Annotated[str | None, typer.Argument(
        metavar="TRAIT", help="A trait ('reactive'), a pair id or both sides ('proactive vs "
        "reactive'); without one, the traits there are.", autocompletion=complete("trait"))] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """The quotes for and against one trait pair.

    First the pair's sides and description, then the sources that back it, then those that
    contest a side; for a pair in doubt, why, and the answers to each question on it that the
    sources disagree on.

    Example: cxref why reactive
    """
    from . import queries, views

    corpus = state.corpus()
    pair, grouped = queries.why(corpus, trait)
    state.emit(views.why(corpus, pair, grouped, queries.disputes_on(corpus, pair)), fmt, output)


@command
def matrix(
    state: State,
    source: SourceOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Which source takes which stance on which pair.

    An empty cell: no claim on that pair.

    Example: cxref matrix --format csv -o matrix.csv
    """
    from . import queries, views

    corpus = state.corpus()
    state.emit(views.matrix(corpus, queries.matrix(corpus, source or ())), fmt, output)


@command
def disputes(
    state: State,
    question: Annotated[str | None, typer.Argument(
        metavar="[QUESTION]", help="One disputed question: its id or words of it "
        "(see `cxref ids`).")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="Every question, also those the sources answer one way or not at "
        "all.")] = False,
    source: SourceOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Where the sources disagree, and who holds which answer.

    Without QUESTION, a question is listed when the sources take two or more positions on
    it, and the others are counted; with one, or --all, whatever they say.

    Example: cxref disputes "involve a person"
    """
    from . import queries, views

    corpus = state.corpus()
    chosen = source or ()
    left_out = [] if question or every else queries.undisputed(corpus, chosen)
    state.emit(views.disputes(corpus, queries.disputes(corpus, question, chosen, every),
                              left_out), fmt, output)


@command
def ids(state: State, fmt: FormatOpt = None, output: OutputOpt = None) -> None:
    """Every id a source file may use.

    Terms and their aliases, trait pairs, shared traits, disputes and their positions.

    Example: cxref ids --format json
    """
    from . import views

    state.emit(views.ids(state.corpus()), fmt, output)


@command
def search(
    state: State,
    text: Annotated[list[str], typer.Argument(metavar="TEXT...",
                                              help="Words to look for (all must appear).")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, metavar="N",
                                       help="At most N sources.")] = 20,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Full-text search over every quote and title.

    Definitions, quotes, titles and authors, best match first.

    Example: cxref search "one piece of the puzzle"
    """
    from . import searching, views

    query = " ".join(text)
    corpus = state.corpus()
    state.emit(views.search(corpus, query, searching.search(corpus, query, limit)), fmt,
               output)


# What `export` writes: the whole reference or one part (exporting.PARTS).
Part = Literal["all", "terms", "definitions", "compare", "evidence", "disputes", "similarities",
               "matrix"]


@command
def export(
    state: State,
    part: Annotated[Part, typer.Argument(
        metavar="[PART]", help=f"What to export: {', '.join(get_args(Part))}.")] = "all",
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", show_default=False, metavar=_choices(TABLES), parser=_formats(TABLES),
        help="Output format [default: markdown, or what --output's extension names]. JSON "
             "and CSV give one table of every claim.")] = None,
    output: OutputOpt = None,
    citations: Annotated[Literal["names", "pandoc"], typer.Option(
        "--citations", show_default=False, metavar="[names|pandoc]",
        help="names (default): each source by its author, linked to the references list; "
             "pandoc: [@id] keys for `pandoc --citeproc --bibliography refs.json` (from "
             "`cxref cite -o refs.json`) to format in any citation style (markdown only).")
    ] = "names",
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT", help="The document's title [default: Customer experience "
        "vs customer service, or the part's own].")] = None,
) -> None:
    """The whole reference as one document, every quote cited.

    PART picks one part. Markdown by default; a page with --format html; one table of every
    claim with --format csv or json.

    Example: cxref export -o cx-vs-cs.md
    """
    from . import exporting

    citekeys = citations == "pandoc"
    writes = (Format.markdown,) if citekeys else TABLES
    corpus = state.corpus()
    state.emit(lambda chosen: exporting.build(corpus, part, citekeys, chosen, title),
               fmt, output, default=Format.markdown, writes=writes)


def _aspect(value: str) -> tuple[float, float]:
    """'16:9' -> (16.0, 9.0); a shape no picture can take is a usage error."""
    width, _, height = value.partition(":")
    try:
        shape = (float(width), float(height))
    except ValueError:
        shape = (0.0, 0.0)
    if not all(0 < side < 100 for side in shape) or not 1 / 4 <= shape[0] / shape[1] <= 4:
        raise UsageError(f"--aspect takes W:H such as 16:9 or 4:3 (at most 4:1 either way), "
                         f"not '{value}'")
    return shape


@command
def chart(
    state: State,
    what: Annotated[Literal["backing", "disputes"], typer.Argument(
        metavar="[WHAT]", help="backing (default): how many sources back each contrast, "
        "stacked as in compare; disputes: which source holds which answer.")] = "backing",
    source: SourceOpt = None,
    aspect: Annotated[str, typer.Option(
        "--aspect", metavar="W:H", help="The picture's shape: 16:9 (a slide, the default), "
        "4:3, or 3:2 for a page.")] = "16:9",
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", show_default=False, metavar=_choices(CHARTS), parser=_formats(CHARTS),
        help="Output format [default: table (bars in the terminal), or what --output's "
             "extension names]. svg, png and pdf need matplotlib: pip install "
             "'cxref[charts]'.")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help=_output_help(
            CHARTS, " A picture is light, 16:9 by default, and its text is text in SVG."))
    ] = None,
) -> None:
    """A chart for a slide: backing per pair, or who holds what.

    In the terminal, bars; with -o chart.svg, .png or .pdf, a chart for a slide or a paper
    (matplotlib: pip install 'cxref[charts]').

    Example: cxref chart -o backing.png
    """
    from . import queries, views

    shape = _aspect(aspect)
    corpus = state.corpus()
    chosen = source or ()
    if what == "disputes":
        report = views.chart_disputes(queries.disputes(corpus, sources=chosen),
                                      queries.undisputed(corpus, chosen), shape)
    else:
        report = views.chart_backing(corpus, queries.compare(corpus, sources=chosen), shape)
    state.emit(report, fmt, output, writes=CHARTS)


@command
def cite(
    state: State,
    source_ids: Annotated[list[str] | None, typer.Argument(
        metavar="[ID]...", help="The sources to cite (default: every one).",
        autocompletion=complete("source"))] = None,
    style: Annotated[str | None, typer.Option(
        "--style", metavar="NAME|FILE.csl",
        help="Print the references formatted in this citation style instead: a CSL style's "
             "name (apa, chicago-author-date, harvard-cite-them-right, "
             "modern-language-association, ieee, ...) or a .csl file; as text, markdown or "
             "html, or the style's own file (-o apa.csl, for pandoc --csl). Needs pip install "
             "'cxref[cite]'.")] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", show_default=False, metavar=_choices(BIBLIOGRAPHY + STYLED),
        parser=_formats(BIBLIOGRAPHY + STYLED),
        help="csl-json (the default; what pandoc --citeproc and Zotero read) or bibtex "
             "(biblatex @online entries); with --style, text (the default), markdown, html "
             "or csl.")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help=_output_help(BIBLIOGRAPHY + STYLED))] = None,
) -> None:
    """A bibliography, or a reference list in a citation style.

    Each source once, keyed by its id, for pandoc --citeproc (with export --citations
    pandoc), Zotero, or LaTeX; with --style apa (or another), formatted for pasting into a
    document.

    Example: cxref cite -o refs.json
    """
    from . import queries, views

    corpus = state.corpus()
    report = views.bibliography(queries.select_sources(corpus, source_ids or []))
    if style is None:
        state.emit(report, fmt, output, default=Format.csl_json, writes=BIBLIOGRAPHY)
    else:
        state.emit(report._replace(style=style), fmt, output, default=Format.text, writes=STYLED)


@command
def validate(
    state: State,
    folders: Annotated[list[str] | None, typer.Argument(
        metavar="[DIR]...", help="Definitions folders to check (default: the shipped one, "
        "your personal folder and any --definitions).")] = None,
    codes: Annotated[bool, typer.Option(
        "--codes", help="List every problem code and what it means, and stop.")] = False,
) -> None:
    """Check definitions folders like a linter.

    Every problem, one per line, FILE:LINE:COL: CODE message. Exit 0 when clean, 1 when
    any problem was found.

    Example: cxref validate ./my-sources
    """
    if codes:
        from .codes import CODES

        write_stdout("".join(f"{c.code:<24} {c.meaning}\n" for c in CODES.values()))
        return
    from .validation import summary
    from .validation import validate as check

    problems, files = check(folders or [], state.definitions)
    write_stdout("".join(f"{problem}\n" for problem in problems))
    say(summary(problems, files))
    if problems:
        raise typer.Exit(1)


@command
def folders(
    state: State,
    personal: Annotated[bool, typer.Option(
        "--personal", help="Print only your personal folder's path (it may not exist yet).")
    ] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """The definitions folders loaded, and their sources.

    In load order (a later one adds to the earlier ones), each marked shipped, personal or
    yours, with how many files it gives.

    Example: cxref folders
    """
    from . import views
    from .locate import definition_dirs, personal_dir, source_files

    if personal:
        write_stdout(f"{one_line(str(personal_dir()))}\n")
        return
    rows = [(str(d), len(source_files(d))) for d in definition_dirs(state.definitions)]
    state.emit(views.folders(rows, str(personal_dir())), fmt, output)


@command
def new(
    state: State,
    source_id: Annotated[str, typer.Argument(
        metavar="ID", help="The new source's id: lowercase letters, digits and hyphens.")],
    override: Annotated[bool, typer.Option(
        "--override", help="Start, from a copy of its file, a source that replaces the "
        "shipped source of this id.")
    ] = False,
) -> None:
    """Start a source of your own from a template.

    Writes ID.yaml, which explains every field, into the sources/ folder of your personal
    folder (or of the first --definitions folder), never over a file; in a terminal, opens it
    in your editor and checks it when you close it, as `crontab -e` does.

    Example: cxref new my-article
    """
    from . import authoring

    authoring.new(state.definitions, source_id, override=override)


@command
def edit(
    state: State,
    source_id: Annotated[str, typer.Argument(
        metavar="ID", help="The id of one of your own sources.",
        autocompletion=complete("own"))],
) -> None:
    """Edit one of your sources, checked when you close it.

    The editor is $VISUAL, then $EDITOR, then a default; it works on a copy, and your file
    changes only when the copy is valid or you keep it as a draft, as `crontab -e` does.

    Example: cxref edit my-article
    """
    from . import authoring

    authoring.edit(state.definitions, source_id)


# -- running -------------------------------------------------------------------------------------

ECHO = 80  # the most characters of an argument a usage error repeats


def _shortened(message: str, args: list[str]) -> str:
    """`message` with each argument it repeats (or option value after '=') longer than ECHO
    characters cut to ECHO in the middle, keeping its start and end (a path's file name)."""
    long = {a for arg in args for a in (arg, arg.partition("=")[2]) if len(a) > ECHO}
    for arg in sorted(long, key=len, reverse=True):
        message = message.replace(arg, f"{arg[:ECHO - 25]}…{arg[-24:]}")
    return message


def run(argv: list[str] | None = None) -> int:
    """The whole program: parse `argv` (default: sys.argv[1:]), run the command, and return
    the exit code. Every failure a user can cause ends as one line on stderr."""
    prepare_streams()
    if os.environ.get("_CXREF_COMPLETE") == "source_bash":
        write_stdout(BASH_SCRIPT)
        return EXIT_OK
    args = list(sys.argv[1:] if argv is None else argv) or ["--help"]
    try:
        try:
            code = typer.main.get_command(app).main(args, prog_name="cxref",
                                                    standalone_mode=False)
        finally:
            if sys.stdout is not None:  # Click's own output (--help), flushed where a failure
                sys.stdout.flush()  # is caught
    except CxrefError as exc:
        error(_shortened(str(exc), args) if exc.exit_code == EXIT_USAGE else str(exc))
        return exc.exit_code
    except typer.TyperException as exc:  # Click's usage errors, by Typer's public base class
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        error(f"{_shortened(exc.format_message(), args)}{hint}")
        return exc.exit_code if isinstance(exc.exit_code, int) else EXIT_USAGE
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except BrokenPipeError:  # the reader (e.g. `head`) has gone: end quietly
        quiet_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.filename is not None:  # a file of cxref's own work (an editor's folder)
            error(f"'{one_line(str(exc.filename))}': {exc.strerror or exc}")
            return EXIT_DATA
        quiet_stdout()  # stdout on a full disk, a device gone (Click's own --help output)
        error(f"cannot write the output: {exc.strerror or exc}")
        return EXIT_OUTPUT
    if code == 130:  # a Ctrl-C, which Click turns into exit 130 silently inside a command
        error("interrupted")
    return code if isinstance(code, int) else EXIT_OK
