// Small progressive enhancements; every page works without them.
(function () {
  var root = document.documentElement;

  // htmx on a Wagtail page (base.html's data-htmx-src) only enhances links and forms that work
  // without it, so it is fetched once the page has loaded and been painted and the browser is
  // idle, out of the way of the first paint. A form sent before then waits for it (the submit
  // handler below).
  var htmxSrc = document.currentScript && document.currentScript.dataset.htmxSrc;
  var htmxLoaded = null;
  var htmxSettled = false; // loaded, or failed to (then forms are sent without it)
  function loadHtmx() {
    if (!htmxSrc || window.htmx) return Promise.resolve();
    if (!htmxLoaded) {
      htmxLoaded = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = htmxSrc;
        script.addEventListener("load", resolve);
        script.addEventListener("error", resolve);
        document.head.appendChild(script);
      }).then(function () { htmxSettled = true; });
    }
    return htmxLoaded;
  }
  // Once the page has loaded, shown its first content and the browser is idle: out of the way
  // of the first paint. The load event alone is not enough: when the first layout is slow, every
  // image has arrived before anything is painted, and htmx then ran ahead of the paint. Waiting
  // for the next animation frame as well was not enough (measured: htmx still came first).
  var idleWork = [];
  function whenIdle(work) {
    idleWork.push(work);
  }
  function startIdleWork() {
    idleWork.forEach(function (work) {
      if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 2000 });
      else window.setTimeout(work, 0);
    });
  }
  function afterFirstContentfulPaint(then) {
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf("paint") < 0) return then();
    var observer = new PerformanceObserver(function (list) {
      var painted = list.getEntries().some(function (entry) {
        return entry.name === "first-contentful-paint";
      });
      if (painted) {
        observer.disconnect(); // no further calls
        then();
      }
    });
    observer.observe({ type: "paint", buffered: true });
  }
  window.addEventListener("load", function () {
    afterFirstContentfulPaint(startIdleWork);
  });
  if (htmxSrc) whenIdle(loadHtmx);

  // The rest of the CSS, added when the visitor first touches, clicks, types or scrolls:
  // applying a stylesheet restyles the page, which would otherwise land while it is still
  // loading. Either newer rules the page's own <style> leaves out (cms/theme/stylesheet.py),
  // for states a visitor reaches (open menus, their transitions), also added once the page has
  // been idle a while; or the whole file after the page's own rules (cms/theme/page_css.py),
  // for what can come later with classes the page did not have (an htmx answer).
  var inlineStyle = document.querySelector("style[data-later-css]");
  var pageCss = document.querySelector("link[data-whole-css]");
  var laterHref = inlineStyle ? inlineStyle.dataset.laterCss : pageCss && pageCss.dataset.wholeCss;
  var laterAdded = !laterHref;
  var FIRST_TOUCH = ["pointerdown", "keydown", "focusin", "scroll", "touchstart"];
  function addLaterCss() {
    if (laterAdded) return;
    laterAdded = true;
    FIRST_TOUCH.forEach(function (name) { window.removeEventListener(name, addLaterCss, true); });
    var later = document.createElement("link");
    later.rel = "stylesheet";
    later.href = laterHref;
    document.head.appendChild(later);
  }
  if (!laterAdded) {
    FIRST_TOUCH.forEach(function (name) {
      window.addEventListener(name, addLaterCss, { capture: true, passive: true });
    });
    if (inlineStyle) {
      window.addEventListener("load", function () { window.setTimeout(addLaterCss, 5000); });
    }
  }

  // Light and dark. The server writes the theme into data-theme before the first paint: the
  // visitor's choice from the theme_mode cookie (cms/theme/mode.py), else the site's default,
  // which the CSS turns dark for a dark system while data-theme-auto is set (then data-theme
  // names the light end, and the toggle asks the system what is shown). Nothing here touches
  // the page's style while it loads: the server writes the toggle's state for a chosen mode,
  // and it is set from the system's preference once the browser is idle.
  var MODE_COOKIE = "theme_mode";
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function isDark() {
    var darkTheme = root.dataset.darkTheme || "dark";
    if (root.hasAttribute("data-theme-auto")) {
      return (systemDark && systemDark.matches) || root.dataset.theme === darkTheme;
    }
    return root.dataset.theme === darkTheme;
  }

  function syncToggles() {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(isDark()));
    });
  }

  function setMode(mode) {
    root.removeAttribute("data-theme-auto");
    var theme = mode === "dark" ? root.dataset.darkTheme || "dark" : root.dataset.lightTheme || "light";
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
    syncToggles();
  }

  // A page kept without the visitor's cookie (a CDN that does not key on it): their choice.
  // Asked of the Cookie Store where the browser has one: reading document.cookie waits for the
  // browser's network process, which held the page's main thread for up to 27 ms while it
  // loaded (Chromium's trace, docs/performance.md).
  function chosenMode(value) {
    if (value === "light" || value === "dark") setMode(value);
  }
  if (root.hasAttribute("data-theme-auto")) {
    if (window.cookieStore) {
      window.cookieStore.get(MODE_COOKIE).then(function (cookie) {
        if (cookie && root.hasAttribute("data-theme-auto")) chosenMode(cookie.value);
      }, function () {});
    } else {
      var chosen = document.cookie.match(new RegExp("(?:^|;\\s*)" + MODE_COOKIE + "=(light|dark)(?:;|$)"));
      if (chosen) chosenMode(chosen[1]);
    }
  }
  whenIdle(syncToggles);
  if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", syncToggles);

  // Dark-mode toggle: switch between the site's light and dark themes and remember the mode.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-theme-toggle]");
    if (!button) return;
    var mode = isDark() ? "light" : "dark";
    setMode(mode);
    document.cookie = MODE_COOKIE + "=" + mode + "; path=/; max-age=31536000; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
  });

  // Mobile menu and language menu (<details>): Escape closes them and returns focus to their
  // button; so does a click outside them or on one of their links.
  var MENUS = "details[data-mobile-menu], details[data-menu]";
  function closeMenus(except) {
    document.querySelectorAll(MENUS.replace(/]/g, "][open]")).forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector(MENUS.replace(/]/g, "][open]"));
    if (!menu) return;
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var menu = event.target.closest(MENUS);
    closeMenus(menu);
    if (menu && event.target.closest("a")) menu.removeAttribute("open");
  });
  // Each menu button says whether its menu is open: from the toggle event on, and from the
  // first idle moment for a menu nobody has touched yet (nothing here writes to the page
  // while it loads; a <summary> already tells assistive technology its state).
  function syncMenuButton(menu) {
    menu.querySelector("summary").setAttribute("aria-expanded", String(menu.open));
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches(MENUS)) syncMenuButton(event.target);
  }, true);
  whenIdle(function () {
    document.querySelectorAll(MENUS).forEach(syncMenuButton);
  });

  // A form sent back with errors: the keyboard and a screen reader start at its first invalid
  // field (read out with its label and its error, aria-describedby) instead of the top of the
  // page, unless the visitor has already moved on; with no field to blame (a wrong password),
  // at the form's own message (components/form_errors.html).
  function focusFirstError(within) {
    if (document.activeElement && document.activeElement !== document.body) return;
    var invalid = within.querySelector("form [aria-invalid=true]") ||
      within.querySelector("form [data-form-errors]");
    if (invalid) invalid.focus();
  }
  focusFirstError(document);
  // The same when htmx puts a form back with errors in place of the one sent (an invitation,
  // an API key): the button that had focus went with the old form. Searched from the swapped
  // element's parent, so that element itself may be the form. With no error, at the message
  // the swap brought, if it asks for it (data-swap-focus, tabindex=-1: "Invitation sent",
  // "uploaded", a refusal in the alert area), so the keyboard does not fall back to the top.
  function focusAfterSwap(swapped) {
    if (!swapped || !swapped.isConnected) return;
    focusFirstError(swapped.parentNode || document);
    if (document.activeElement && document.activeElement !== document.body) return;
    var message = swapped.matches("[data-swap-focus]") ? swapped
      : swapped.querySelector("[data-swap-focus]");
    if (message) message.focus();
  }
  document.addEventListener("htmx:afterSettle", function (event) { focusAfterSwap(event.target); });
  // uploads.js swaps the Files tab itself (XMLHttpRequest, for the upload's progress) and says so.
  document.addEventListener("site:swapped", function (event) { focusAfterSwap(event.target); });

  // htmx swaps only 2xx answers by itself. A 4xx answer that says where it goes (an
  // HX-Retarget or HX-Reswap header: a form sent back with its errors, a refusal for the
  // page's alert area) is a fragment meant for the page, so it is swapped all the same; any
  // other error answer (a 404 page, a CSRF failure) is left alone, as htmx would.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var placed = xhr.getResponseHeader("HX-Retarget") || xhr.getResponseHeader("HX-Reswap");
    if (xhr.status >= 400 && xhr.status < 500 && placed) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Pricing switch: keep ?billing= in the address so the choice survives a reload or a share.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".billing-option")) return;
    var url = new URL(window.location.href);
    url.searchParams.set("billing", input.value);
    history.replaceState(history.state, "", url);
  });

  // htmx requests that change state carry Django's CSRF token from the page's own form field.
  document.addEventListener("htmx:configRequest", function (event) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) event.detail.headers["X-CSRFToken"] = field.value;
  });

  // Forms on cached pages carry no CSRF token (cms/pages/views.py): fetch one as the visitor
  // starts on the form, or at the latest when they send it, then send it as they meant to.
  function fetchToken(form) {
    if (form.querySelector("input[name=csrfmiddlewaretoken]")) return Promise.resolve();
    if (!form._csrfRequest) {
      form._csrfRequest = fetch(form.dataset.csrfUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = "csrfmiddlewaretoken";
          field.value = answer.token;
          form.prepend(field);
        })
        .catch(function () { form._csrfRequest = null; });
    }
    return form._csrfRequest;
  }
  document.addEventListener("focusin", function (event) {
    var form = event.target.closest && event.target.closest("form[data-csrf-url]");
    if (form) fetchToken(form);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-csrf-url]")) return;
    var htmxPending = htmxSrc && !htmxSettled && !window.htmx && form.matches("[data-hx-post]");
    if (form.querySelector("input[name=csrfmiddlewaretoken]") && !htmxPending) return;
    // Hold this submit (before htmx sees it), then submit again with the token (and htmx).
    event.preventDefault();
    event.stopImmediatePropagation();
    Promise.all([fetchToken(form), loadHtmx()]).then(function () {
      if (form.querySelector("input[name=csrfmiddlewaretoken]")) form.requestSubmit();
      else HTMLFormElement.prototype.submit.call(form); // the server asks to send it again
    });
  }, true);
})();
