"""`mkdocs serve` watches the notices, the site's settings and the templates, and looks at them every tenth
of a second (MkDocs' server, set up as `mkdocs serve` sets it up)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from generator.adapters.serve_watch import POLL_SECONDS, poll_sooner


def served(project: Path, tmp_path: Path) -> LiveReloadServer:
    """A server watching what `mkdocs serve` watches, in its order: its own paths, the plugins', mkdocs.yml's."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(config.docs_dir)
    server.watch(str(config.config_file_path))
    server = config.plugins.on_serve(server, config=config, builder=lambda: None)
    (project / "extra").mkdir()
    server.watch(str(project / "extra"))  # as an entry of mkdocs.yml's `watch:`, watched after the plugins'
    config.plugins.on_shutdown()
    return server


def test_a_preview_watches_the_project_and_looks_every_tenth_of_a_second(project: Path, tmp_path: Path) -> None:
    server = served(project, tmp_path)
    try:
        emitters = {Path(emitter.watch.path): emitter.timeout for emitter in server.observer.emitters}
        assert set(emitters) == {project / "site_config" / "pages", project,  # MkDocs' own (mkdocs.yml: its folder)
                                 project / "notices", project / "site_config", project / "templates",
                                 project / "extra"}
        # MkDocs' half a second, for paths watched before, by and after the plugin alike.
        assert set(emitters.values()) == {POLL_SECONDS}
    finally:
        server.shutdown()


def test_another_observer_is_left_as_it_is() -> None:
    class Server:
        observer = object()

    assert poll_sooner(Server()) is False
    assert poll_sooner(object()) is False
    polling = Server()
    polling.observer = PollingObserver(timeout=0.05)
    assert poll_sooner(polling) is True and polling.observer.timeout == 0.05  # never slower than it was
