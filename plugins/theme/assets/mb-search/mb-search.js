/* minutebook: Pagefind search in Material's header (replaces the search plugin).
 *
 * - Loads pagefind/mb-search.json (bundles to merge, marked person names) and the Pagefind
 *   Default UI (pagefind/pagefind-ui.js + .css, written by the indexer) on first open only:
 *   nothing is downloaded by a reader who never searches.
 * - Paths are resolved once, against the page this script was loaded on: with
 *   navigation.instant the header (and this script) survive page changes, so a relative
 *   bundle path would be resolved against whatever page the reader is on later.
 * - A query that is exactly a marked person's name is searched as that person's token (see
 *   minutebook/render/search_index.py): each word of the query that is exactly a listed name
 *   is replaced (quoted: an exact word), so "马萍鑫 预算" works too. The words are removed from
 *   excerpts and the name is highlighted instead.
 * - The filter panel (类型, 部门, 责任人, 年份, 状态) shows only once a word is typed: a search
 *   with filters and no word downloads every chunk of the index. When the box is emptied,
 *   the filters are cleared.
 * - "/" or "s" opens, Esc / backdrop / close button closes, a followed result closes.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-mb-search]");
  if (!root) return;
  var dialog = root.querySelector(".mb-search__dialog");
  var backdrop = root.querySelector(".mb-search__backdrop");
  var opener = root.querySelector(".mb-search__open");

  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) {}
  var base = (config.base || ".").replace(/\/?$/, "/");
  var siteRoot = new URL(base, location.href);            // absolute, fixed at first load
  var bundle = function (p) { return new URL(p, siteRoot).href; };

  var people = new Set();
  var ui = null, loading = null;

  function token(name) {
    var t = "mbp";
    for (var c of name) t += ("0000" + c.codePointAt(0).toString(16)).slice(-5);
    return t;
  }
  function untoken(hex) {
    var out = "", m, re = /[0-9a-f]{5}/g;                // 5 hex digits per code point
    while ((m = re.exec(hex))) out += String.fromCodePoint(parseInt(m[0], 16));
    return out;
  }
  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  // "马萍鑫 <mark>mbp09a6c0840d0946b</mark>" -> "<mark>马萍鑫</mark>"; other tokens vanish. Only
  // a listed name is ever put back (escaped): a record cannot smuggle markup in as a "token".
  function cleanExcerpt(html) {
    if (!html) return html;
    return html
      .replace(/\s*<mark>\s*mbp([0-9a-f]+)\s*<\/mark>/g, function (_, hex) {
        var name = untoken(hex);
        return people.has(name) ? "\u0000" + escapeHTML(name) + "\u0000" : " ";
      })
      .replace(/([^\s>]*?)\u0000([^\u0000]+)\u0000/g, function (_, pre, name) {
        return (pre.endsWith(name) ? pre.slice(0, -name.length) : pre) + "<mark>" + name + "</mark>";
      })
      .replace(/\s*\bmbp[0-9a-f]{5,}\s*/g, " ");
  }

  function loadScript(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = src; s.onload = ok; s.onerror = function () { fail(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }
  function loadUI() {
    if (loading) return loading;
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = bundle("pagefind/pagefind-ui.css");
    document.head.appendChild(css);
    loading = Promise.all([
      fetch(bundle("pagefind/mb-search.json")).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; }),
      loadScript(bundle("pagefind/pagefind-ui.js")),
    ]).then(function (res) {
      var meta = res[0] || {};
      var bundles = meta.bundles && meta.bundles.length ? meta.bundles : ["pagefind/"];
      (meta.people || []).forEach(function (n) { people.add(n); });
      ui = new window.PagefindUI({
        element: "#mb-search-ui",
        bundlePath: bundle(bundles[0]),
        mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: bundle(b) }; }),
        baseUrl: siteRoot.pathname,                           // result links under site_url's path
        showImages: false,
        showEmptyFilters: false,
        excerptLength: 36,
        pageSize: 8,
        resetStyles: true,
        autofocus: true,
        translations: {                                       // zh-CN wording of the site
          placeholder: "搜索记录、纪要、SOP…",
          clear_search: "清除",
          load_more: "更多结果",
          search_label: "站内搜索",
          filters_label: "筛选",
          zero_results: "没有找到 [SEARCH_TERM] 的结果",
          many_results: "找到 [COUNT] 个 [SEARCH_TERM] 的结果",
          one_result: "找到 [COUNT] 个 [SEARCH_TERM] 的结果",
          alt_search: "没有找到 [SEARCH_TERM] 的结果，改为显示 [DIFFERENT_TERM] 的结果",
          search_suggestion: "没有找到 [SEARCH_TERM] 的结果，请尝试以下搜索：",
          searching: "正在搜索 [SEARCH_TERM]…",
        },
        processTerm: function (term) {
          // quoted: an exact word. Unquoted, an index part that lacks the word (a large
          // site's index is in parts) would match the longest prefix it has instead ("mb…")
          return term.split(/(\s+)/).map(function (w) { return people.has(w) ? '"' + token(w) + '"' : w; }).join("");
        },
        processResult: function (r) {
          r.excerpt = cleanExcerpt(r.excerpt);
          (r.sub_results || []).forEach(function (s) { s.excerpt = cleanExcerpt(s.excerpt); });
          return r;
        },
      });
      // No word, no filters: a filter-only search would download the whole index.
      dialog.addEventListener("input", function (ev) {
        var i = ev.target;
        if (i && i.classList && i.classList.contains("pagefind-ui__search-input") && !i.value.trim()
            && ui && ui.triggerFilters) ui.triggerFilters({});
      });
      // The result count line repeats the query: show the name, not the token.
      new MutationObserver(function () {
        root.querySelectorAll(".pagefind-ui__message").forEach(function (el) {
          if (/mbp[0-9a-f]{8,}/.test(el.textContent)) el.textContent = el.textContent.replace(/"?mbp([0-9a-f]+)"?/g, function (m, h) { var n = untoken(h); return people.has(n) ? n : m; });
        });
      }).observe(dialog, { childList: true, subtree: true, characterData: true });
    });
    return loading;
  }

  function input() { return dialog.querySelector(".pagefind-ui__search-input"); }
  function isOpen() { return !dialog.hidden; }
  function open() {
    if (isOpen()) return;
    dialog.hidden = false; backdrop.hidden = false;
    document.documentElement.classList.add("mb-search-open");
    opener.setAttribute("aria-expanded", "true");
    loadUI().then(function () { var i = input(); if (i) { i.focus(); i.select(); } })
      .catch(function (e) { dialog.querySelector("#mb-search-ui").textContent = "搜索暂不可用：" + e.message; });
  }
  function close(refocus) {
    if (!isOpen()) return;
    dialog.hidden = true; backdrop.hidden = true;
    document.documentElement.classList.remove("mb-search-open");
    opener.setAttribute("aria-expanded", "false");
    if (refocus) opener.focus();
  }

  opener.addEventListener("click", open);
  opener.addEventListener("pointerenter", function () { loadUI().catch(function () {}); }, { once: true });
  root.querySelectorAll("[data-mb-search-close]").forEach(function (el) {
    el.addEventListener("click", function () { close(true); });
  });
  // A followed result: close (Material's instant navigation then loads the page).
  dialog.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (a) close(false);
  });
  document.addEventListener("keydown", function (ev) {
    if (isOpen()) {
      if (ev.key === "Escape") { ev.preventDefault(); ev.stopPropagation(); close(true); }
      return;
    }
    var t = ev.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (!typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === "/" || ev.key === "s")) {
      ev.preventDefault(); ev.stopPropagation(); open();
    }
  }, true);
  // navigation.instant: Material's location$ emits on every page change.
  if (window.location$ && window.location$.subscribe) window.location$.subscribe(function () { close(false); });
  window.addEventListener("popstate", function () { close(false); });
})();
