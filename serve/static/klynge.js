// A click anywhere on a row with data-href follows its link, as a click on its first cell does.
// Without this script the link in the first cell still works: the script only widens the target.
document.addEventListener("click", function (event) {
  if (event.target.closest("a, button, input, select, label, summary")) {
    return;
  }
  var row = event.target.closest("tr[data-href]");
  if (row) {
    window.location.href = row.getAttribute("data-href");
  }
});
