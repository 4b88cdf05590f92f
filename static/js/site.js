/* Small progressive enhancements for the reference site; everything works
   without this file. */
(function () {
  "use strict";

  // External video: the server renders the provider's player only after the
  // reader asks (?visa-video=1). Here the same click shows it in place,
  // without a reload; nothing is fetched from the provider before it.
  document.querySelectorAll(".video-consent[data-embed-url]").forEach(function (box) {
    var button = box.querySelector(".video-consent-button");
    if (!button) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.className = "player";
      frame.src = box.dataset.embedUrl;
      frame.title = box.dataset.frameTitle;
      frame.width = "1280";
      frame.height = "720";
      frame.allow = "fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
