// After a failed submit the page opens at the top; take the person to the error summary,
// so a screen reader announces it and a sighted person sees it (as GOV.UK and NL Design System do).
(function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus();
  }
})();
