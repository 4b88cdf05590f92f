/* Small progressive enhancements for the reference site; everything works
   without this file. */
(function () {
  "use strict";

  // Back from choosing or forgetting a role (pages/views.py choose_role adds
  // #din-roll): focus the role's status, so a screen reader says what
  // changed. Browsers that focus a fragment's target have done it already;
  // this covers the rest. Then the address loses the fragment, so a link
  // copied from it or a reload starts at the top as usual.
  var roleStatus = document.getElementById("din-roll");
  if (roleStatus && window.location.hash === "#din-roll") {
    if (document.activeElement !== roleStatus) roleStatus.focus();
    var address = window.location.pathname + window.location.search;
    window.history.replaceState(window.history.state, "", address);
  }

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
