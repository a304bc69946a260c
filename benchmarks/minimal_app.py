"""The start-up baseline for benchmarks/run.py: a minimal Typer+Rich app that prints a one-row
table, on whatever Typer and Rich the interpreter running it has installed.

    python benchmarks/minimal_app.py

Like cxref, it imports Rich inside its command, and it prints through rich.console.Console.
"""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Print a one-row table."""
    from rich.console import Console
    from rich.table import Table

    table = Table("Term", "Sources")
    table.add_row("customer experience", "5")
    Console().print(table)


if __name__ == "__main__":
    app()
