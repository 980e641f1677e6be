"""The MkDocs plugin: brings records/ into the view, read by the checks' own loader.

Hooks stay short and delegate: the repository is loaded and judged once per build
(`Site.load`), a record that fails the checks fails the build with the checks' own
diagnostics, record and index pages are generated from the model (no file is
copied; record pages straight to HTML, plugins/record_pages.py), and the HTML of
record pages is sanitised.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from checks.diagnostics import ERROR, printable
from checks.registry import RegistryError, language_of
from minutebook.base import i18n
from minutebook.base.errors import UsageError
from minutebook.base.i18n import _, ngettext
from minutebook.model.asof import reference_date
from minutebook.render import generated, search_index
from minutebook.render import weekly as weekly_page
from minutebook.render.blocks import TableStash
from minutebook.render.site import page_path
from minutebook.reports import weekly
from minutebook.views.view import View
from plugins import search, site
from plugins.preview import Preview, watch_natively
from plugins.record_pages import RecordPage, RecordPages, cache_chrome

log = get_plugin_logger("minutebook")
_MACROS_LOG = "mkdocs.plugins.mkdocs_macros"


class RecordsConfig(Config):
    # the repository root holding records/; default: the folder of mkdocs.yml
    root = c.Optional(c.Type(str))


class RecordsPlugin(BasePlugin[RecordsConfig]):
    # Having on_startup keeps this one instance for the whole `mkdocs serve`, so the
    # preview keeps what the last build made (plugins/preview.py).
    serving = False

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.preview = Preview()

    def on_config(self, config):
        # The log of a build speaks of the records: mkdocs-macros announces its modules,
        # functions and variables at INFO on every build; its warnings and errors stay.
        logging.getLogger(_MACROS_LOG).setLevel(logging.WARNING)
        root = Path(self.config.root or Path(config.config_file_path).parent)
        try:
            # the log speaks the language `minutebook check` would: $MINUTEBOOK_LANG, else
            # settings.language of records/org.yml, else the locale (chosen before any message)
            i18n.use(language_of(root))
            view = View.load(root, reference_date())
        except (UsageError, RegistryError) as exc:
            raise PluginError(f"minutebook: {exc}") from None
        errors = [d for d in view.repo.diagnostics if d.severity == ERROR]
        for d in view.repo.diagnostics:  # spelt as `minutebook check` does: no raw bidi in the log
            (log.error if d.severity == ERROR else log.info)(printable(d.format()))
        if errors:
            raise PluginError(ngettext(
                "minutebook: {count} error(s) in the records (listed above); "
                "run `minutebook check` and fix them before building",
                "minutebook: {count} error(s) in the records (listed above); "
                "run `minutebook check` and fix them before building", len(errors)).format(count=len(errors)))
        # the search box and the searchable pages' markup (plugins/theme), in every project
        # that uses the plugin, without a `custom_dir` in its mkdocs.yml
        search.add_theme(config)
        self.root = root
        self.view = view
        self.search = search.Search()
        site.set_current(view)
        return config

    def on_files(self, files: Files, config) -> Files:
        # a weekly snapshot is frozen for the audience it was written for, wherever it lies
        # under docs/: judged by its own state, a build for any other audience drops it,
        # as it drops one whose state cannot be read (page, search, sitemap and nav alike)
        self.snapshot_pages: set[str] = set()
        for file in [f for f in files if f.abs_src_path and weekly.is_snapshot(Path(f.abs_src_path))]:
            if weekly.shown_to(Path(file.abs_src_path), self.view.audience):
                self.snapshot_pages.add(file.src_uri)
                # reached through the list of weeks, like records through the index pages:
                # never listed as "not included in the nav"
                file.inclusion = InclusionLevel.NOT_IN_NAV
            else:
                log.info(_("weekly snapshot {path} left out: not written for audience '{audience}'").format(
                    path=file.src_uri, audience=self.view.audience))
                files.remove(file)
        # from here on, every table the build generates goes in as HTML (on_page_content)
        self.tables = TableStash(config.use_directory_urls, memo=self.serving)
        self.tables.start()
        # each record page goes to the search index as soon as it is rendered
        self.record_pages = RecordPages(config, self.view, lambda page: self.search.record_page(page, config))
        for record in self.view.records:
            self.record_pages.add(files, record, page_path(record))
        # index pages, each person's and department's own page, each year's decision log
        for path, content in generated.pages(self.view).items():
            inclusion = InclusionLevel.INCLUDED if generated.in_nav(path) else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if isinstance(page, RecordPage):
            return markdown  # written from the model (plugins/record_pages.py)
        # aggregate pages, weekly snapshots, the tags page: out of the search index (the
        # theme puts data-pagefind-body on every other page's article)
        if not search_index.searchable(
                page.file.src_uri, markdown, page.meta):
            page.meta["search"] = dict(search_index.EXCLUDED)
        if page.file.src_uri in self.snapshot_pages:
            return weekly_page.unlink_missing(markdown, page.file.src_uri, self.record_pages.paths)
        return markdown

    def on_page_content(self, html, page, config, files):
        return self.tables.fill(html, page.file.src_uri)

    def on_post_page(self, output, page, config):
        self.search.page(output, page, config)  # indexed while the next pages are built
        return output

    def on_build_error(self, error):
        if getattr(self, "search", None) is not None:  # None when on_config itself failed
            self.search.cancel()
        if getattr(self, "tables", None) is not None:
            self.tables.stop()
        site.set_current(None)
        i18n.use(None)

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        self.env, self.files = env, files
        cache_chrome(env)  # the navigation of record pages, rendered once per depth
        return env

    def on_serve(self, server, config, builder):
        watch_natively(server)  # the system's change events rather than polling 10,000 files
        server.watch(str(self.root / "records"))
        full = server.builder

        def quick_or_full(config=None):
            # an edit of records only: the pages it changes, in about a second; anything
            # else (a page, mkdocs.yml, org.yml), or a failure of the quick path: MkDocs' build
            if config is None:
                try:
                    if self.preview.update():
                        return
                except Exception as exc:  # never worse than MkDocs' own rebuild
                    log.warning(_("preview: the quick rebuild failed ({error}); building the whole site").format(
                        error=repr(exc)))
            full(config)

        server.builder = quick_or_full
        return server

    def on_post_build(self, config):
        # the calendar, CSV and JSON feeds of the open items, from the same view
        from minutebook.reports.exports import Links, write_feeds

        links = Links(config.site_url or None, config.use_directory_urls)
        try:
            written = write_feeds(self.view, Path(config.site_dir), links)
            log.debug(f"wrote {len(written)} feed file(s) under exports/")
            # the search index of this build's own pages (so of this audience only), in
            # every build: mkdocs build, serve (its temporary site folder), ProperDocs
            self.search.finish(config)
            if self.serving:
                self.preview.capture(self, config, self.files, self.nav, self.env)
        except UsageError as exc:
            raise PluginError(f"minutebook: {exc}") from None
        finally:
            self.tables.stop()
            site.set_current(None)
            i18n.use(None)
