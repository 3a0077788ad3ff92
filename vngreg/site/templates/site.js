/* vngreg's site: sort buttons and filters for the register's table. The table is complete
   without this script; it only adds a button to each column header and shows the filter form. */
(function () {
  "use strict";
  var table = document.querySelector("table.register");
  var form = document.querySelector("form.filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });

  function key(row, column) {
    var cell = row.cells[column];
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var order = collator.compare(key(a, column), key(b, column));
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = form.querySelector("output");
  function filter() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (select) {
        var values = " " + row.getAttribute("data-" + select.name) + " ";
        return !select.value || values.indexOf(" " + select.value + " ") >= 0;
      });
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    count.textContent = shown + " van " + rows.length + " standaarden";
  }
  form.addEventListener("change", filter);
  form.hidden = false;
  filter();
}());
