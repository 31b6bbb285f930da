// An upload's page: follows the job by polling its status API, showing each file's row once it is
// done. When the job ends the page reloads once, so the server draws the final table with links
// to the records made. Without this script the page refreshes itself (see job.html).
(function () {
  "use strict";
  var job = document.getElementById("job");
  // "queued": the job waits for or runs on `opis worker` processes (OPIS_JOB_QUEUE=postgres).
  function going(status) { return status === "running" || status === "queued"; }
  if (!job || !going(job.getAttribute("data-status")) || !window.fetch) { return; }
  var url = job.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var rows = document.querySelector("#job-files tbody");

  function cell(row, text, numeric) {
    var td = row.insertCell(-1);
    td.textContent = text;
    if (numeric) { td.className = "num"; }
    return td;
  }

  function addRow(f) {
    var row = rows.insertRow(-1);
    cell(row, f.position, true);
    cell(row, f.path, false);
    var outcome = document.createElement("span");
    outcome.className = "outcome " + f.status;
    outcome.textContent = f.status;
    cell(row, "", false).appendChild(outcome);
    cell(row, f.records, true);
    cell(row, f.pages, true);
    cell(row, f.message, false);
    cell(row, "", false);
  }

  function show(status) {
    document.getElementById("job-done").textContent = status.done;
    document.getElementById("job-status").textContent = status.status;
    bar.max = status.total || 1;
    bar.value = status.done;
    bar.textContent = Math.round(100 * status.done / (status.total || 1)) + "%";
    // Scans read page by page: pages read so far, by whichever worker (absent from an older server).
    var ocr = status.ocr_pages;
    if (ocr && ocr.total) {
      document.getElementById("job-ocr-read").textContent = ocr.read;
      document.getElementById("job-ocr-total").textContent = ocr.total;
      document.getElementById("job-ocr").hidden = false;
    }
    Object.keys(status.counts).forEach(function (k) {
      var box = job.querySelector('[data-count="' + k + '"] strong');
      if (box) { box.textContent = status.counts[k]; }
    });
    // Workers finish files out of order: draw the rows again rather than append the new ones.
    while (rows.rows.length) { rows.deleteRow(-1); }
    status.files.forEach(addRow);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (resp) { if (!resp.ok) { throw new Error(resp.status); } return resp.json(); })
      .then(function (status) {
        show(status);
        if (going(status.status)) { setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });  // the server restarting, say: try again, more slowly
  }
  setTimeout(poll, 500);
})();
