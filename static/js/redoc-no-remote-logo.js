// Redoc's sidebar credit ("API docs by Redocly") loads its maker's logo from cdn.redoc.ly,
// which the API docs' content security policy refuses (a console error on every visit). Give
// that image no source instead: Redoc then drops it by itself (its onError), the link stays,
// and nothing is fetched from another origin. Loaded before Redoc's bundle.
(function () {
  var remote = "https://cdn.redoc.ly/";
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === "src" && this instanceof HTMLImageElement && String(value).indexOf(remote) === 0) {
      value = "";
    }
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      src.set.call(this, String(value).indexOf(remote) === 0 ? "" : value);
    },
  });
})();
