// The recording page's player: chapter links seek it, and the stretches watched are reported
// so that watching most of a seminar's recording can make up an excused absence.
// Without JavaScript the chapter links still open the recording at that moment (#t=…) and
// nothing is reported.
(function () {
    "use strict";

    var REPORT_EVERY_MS = 15000;
    var MAX_RANGES = 100;

    var player = document.getElementById("player");
    if (!player) {
        return;
    }

    document.querySelectorAll("a[data-seek]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            var seconds = Number(link.getAttribute("data-seek"));
            if (!isFinite(seconds)) {
                return;
            }
            event.preventDefault();
            player.currentTime = seconds;
            var playing = player.play();
            if (playing && playing.catch) {
                // Autoplay rules may refuse; the player is at the chapter anyway.
                playing.catch(function () {});
            }
        });
    });

    var url = player.getAttribute("data-progress-url");
    var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput || !window.FormData) {
        return;
    }
    var percentText = document.querySelector("[data-watched-percent]");
    var lastSent = "";

    // The player's own record of what was played: seconds seen twice appear once, and the
    // server counts each second once too, so sending everything again is harmless.
    function report() {
        var played = player.played;
        var data = new FormData();
        var count = Math.min(played.length, MAX_RANGES);
        var summary = [];
        for (var i = 0; i < count; i += 1) {
            var start = Math.floor(played.start(i));
            var end = Math.floor(played.end(i));
            if (end > start) {
                data.append("start", String(start));
                data.append("end", String(end));
                summary.push(start + "-" + end);
            }
        }
        summary = summary.join(",");
        if (!summary || summary === lastSent) {
            return null;
        }
        lastSent = summary;
        data.append("csrfmiddlewaretoken", tokenInput.value);
        return data;
    }

    function send() {
        var data = report();
        if (!data || !window.fetch) {
            return;
        }
        fetch(url, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-CSRFToken": tokenInput.value }
        }).then(function (response) {
            return response.ok ? response.json() : null;
        }).then(function (answer) {
            if (answer && percentText && typeof answer.percent === "number") {
                percentText.textContent = String(answer.percent);
            }
        }).catch(function () {
            // Offline for a moment: the next report sends the same ranges again.
            lastSent = "";
        });
    }

    function sendOnLeaving() {
        var data = report();
        if (data && navigator.sendBeacon) {
            navigator.sendBeacon(url, data);
        }
    }

    window.setInterval(function () {
        if (!player.paused) {
            send();
        }
    }, REPORT_EVERY_MS);
    player.addEventListener("pause", send);
    player.addEventListener("ended", send);
    window.addEventListener("pagehide", sendOnLeaving);
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
            sendOnLeaving();
        }
    });
})();
