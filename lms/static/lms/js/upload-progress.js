// Shows how much of an upload has been sent, for forms marked data-upload-progress: on a
// slow phone connection a large file takes minutes, and a page that seems to hang gets
// abandoned or sent twice. Without JavaScript the form is sent the ordinary way.
(function () {
    "use strict";

    function selectedBytes(form) {
        var total = 0;
        form.querySelectorAll("input[type=file]").forEach(function (input) {
            Array.prototype.forEach.call(input.files || [], function (file) {
                total += file.size;
            });
        });
        return total;
    }

    function showPage(xhr) {
        // Where the server redirected (a saved form), go there; otherwise (the form with its
        // errors) show the page it answered.
        var redirected = xhr.responseURL && xhr.responseURL !== xhr.requestURL;
        if (redirected) {
            window.location.assign(xhr.responseURL);
            return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
    }

    document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
        var status = form.querySelector("[data-upload-status]");
        if (!status || !window.FormData || !window.XMLHttpRequest) {
            return;
        }
        var bar = status.querySelector("progress");
        var text = status.querySelector("[data-upload-text]");
        form.addEventListener("submit", function (event) {
            if (!selectedBytes(form)) {
                return;
            }
            event.preventDefault();
            var buttons = form.querySelectorAll("button[type=submit]");
            buttons.forEach(function (button) { button.disabled = true; });
            status.hidden = false;
            var xhr = new XMLHttpRequest();
            xhr.requestURL = form.action || window.location.href;
            xhr.open("POST", xhr.requestURL);
            xhr.upload.addEventListener("progress", function (progress) {
                if (progress.lengthComputable) {
                    var percent = Math.floor((progress.loaded * 100) / progress.total);
                    bar.value = percent;
                    text.textContent = percent + " %";
                }
            });
            xhr.addEventListener("load", function () { showPage(xhr); });
            xhr.addEventListener("error", function () {
                text.textContent = status.getAttribute("data-failed");
                buttons.forEach(function (button) { button.disabled = false; });
            });
            xhr.send(new FormData(form));
        });
    });
})();
