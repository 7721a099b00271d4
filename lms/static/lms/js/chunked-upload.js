// Sends a large recording in parts for forms marked data-chunked-upload, showing how much has
// gone. Each part says where it belongs (Content-Range); the server keeps what it has, so a
// dropped connection or a reload continues from there instead of starting again. The upload's
// token is kept in sessionStorage under the file's name, size and date. Once the whole file is
// in, the form is sent with that token instead of the file. Without JavaScript (or with an
// old browser) the form sends the whole file the ordinary way.
(function () {
    "use strict";

    var CHUNK = 5 * 1024 * 1024;
    var RETRIES = 5;

    // The seminar (its start URL) is part of the key: the same file picked for another
    // seminar is a new upload, not the resumption of the first.
    function storageKey(form, file) {
        return "recording-upload:" + form.getAttribute("data-start-url") + ":" + file.name +
            ":" + file.size + ":" + file.lastModified;
    }

    function remember(key, value) {
        try {
            if (value) {
                window.sessionStorage.setItem(key, JSON.stringify(value));
            } else {
                window.sessionStorage.removeItem(key);
            }
        } catch (error) {
            // Private browsing may refuse storage: the upload works, it just cannot resume.
        }
    }

    function recall(key) {
        try {
            return JSON.parse(window.sessionStorage.getItem(key) || "null");
        } catch (error) {
            return null;
        }
    }

    function request(method, url, options) {
        return new Promise(function (resolve, reject) {
            var xhr = new XMLHttpRequest();
            xhr.open(method, url);
            Object.keys(options.headers || {}).forEach(function (name) {
                xhr.setRequestHeader(name, options.headers[name]);
            });
            if (options.onProgress) {
                xhr.upload.addEventListener("progress", function (event) {
                    options.onProgress(event.loaded);
                });
            }
            xhr.addEventListener("load", function () {
                var data = {};
                try {
                    data = JSON.parse(xhr.responseText || "{}");
                } catch (error) {
                    data = {};
                }
                resolve({ status: xhr.status, data: data });
            });
            xhr.addEventListener("error", function () { reject(new Error("network")); });
            xhr.addEventListener("abort", function () { reject(new Error("network")); });
            xhr.send(options.body || null);
        });
    }

    function megabytes(bytes) {
        var value = bytes / (1024 * 1024);
        try {
            return new Intl.NumberFormat(document.documentElement.lang || undefined, {
                style: "unit", unit: "megabyte", maximumFractionDigits: 1
            }).format(value);
        } catch (error) {
            return value.toFixed(1) + " MB";
        }
    }

    function wait(milliseconds) {
        return new Promise(function (resolve) { window.setTimeout(resolve, milliseconds); });
    }

    function setUp(form) {
        var input = form.querySelector("input[type=file][name=media]");
        var token = form.querySelector("[data-upload-token]");
        var bar = form.querySelector("[data-upload-bar]");
        var text = form.querySelector("[data-upload-text]");
        var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
        if (!input || !token || !bar || !text || !csrf || !window.Promise || !window.Blob) {
            return;
        }
        var headers = { "X-CSRFToken": csrf.value, "X-Requested-With": "XMLHttpRequest" };

        function say(message) { text.textContent = message; }

        function show(file, offset) {
            var percent = file.size ? Math.floor((offset * 100) / file.size) : 100;
            bar.hidden = false;
            bar.value = percent;
            say(form.getAttribute("data-text-progress")
                .replace("{sent}", megabytes(offset))
                .replace("{total}", megabytes(file.size))
                .replace("{percent}", String(percent)));
        }

        function start(file, key) {
            var body = new FormData();
            body.append("name", file.name);
            body.append("size", String(file.size));
            return request("POST", form.getAttribute("data-start-url"), {
                headers: headers, body: body
            }).then(function (answer) {
                if (answer.status !== 201) {
                    throw new Error(answer.data.error || form.getAttribute("data-text-failed"));
                }
                var upload = { token: answer.data.token, url: answer.data.url };
                remember(key, upload);
                return { upload: upload, offset: 0, complete: false };
            });
        }

        function resume(file, key) {
            var upload = recall(key);
            if (!upload || !upload.url) {
                return start(file, key);
            }
            say(form.getAttribute("data-text-resuming"));
            return request("GET", upload.url, { headers: headers }).then(function (answer) {
                if (answer.status !== 200) {
                    remember(key, null);
                    return start(file, key);
                }
                return { upload: upload, offset: answer.data.offset, complete: answer.data.complete };
            });
        }

        function send(file, key, state, failures) {
            if (state.complete) {
                return Promise.resolve(state.upload);
            }
            var offset = state.offset;
            var end = Math.min(offset + CHUNK, file.size);
            show(file, offset);
            return request("POST", state.upload.url, {
                headers: Object.assign({
                    "Content-Type": "application/octet-stream",
                    "Content-Range": "bytes " + offset + "-" + (end - 1) + "/" + file.size
                }, headers),
                body: file.slice(offset, end),
                onProgress: function (loaded) { show(file, offset + loaded); }
            }).then(function (answer) {
                var known = typeof answer.data.offset === "number";
                // 409: the server has a different amount; continue from what it has (unless
                // that is where this part started, which would only repeat itself).
                var stuck = answer.status === 409 && answer.data.offset === offset;
                if ((answer.status === 200 || answer.status === 409) && known && !stuck) {
                    return send(file, key, {
                        upload: state.upload,
                        offset: answer.data.offset,
                        complete: answer.data.complete
                    }, 0);
                }
                remember(key, null);
                throw new Error(answer.data.error || form.getAttribute("data-text-failed"));
            }, function () {
                if (failures >= RETRIES) {
                    throw new Error(form.getAttribute("data-text-failed"));
                }
                say(form.getAttribute("data-text-retrying"));
                return wait(1000 * Math.pow(2, failures)).then(function () {
                    return request("GET", state.upload.url, { headers: headers });
                }).then(function (answer) {
                    if (answer.status !== 200) {
                        throw new Error(form.getAttribute("data-text-failed"));
                    }
                    return send(file, key, {
                        upload: state.upload,
                        offset: answer.data.offset,
                        complete: answer.data.complete
                    }, failures + 1);
                }, function () {
                    return send(file, key, state, failures + 1);
                });
            });
        }

        form.addEventListener("submit", function (event) {
            var source = form.querySelector("input[name=source]:checked");
            var file = input.files && input.files[0];
            if (!file || (source && source.value !== "file")) {
                return;
            }
            event.preventDefault();
            var maximum = Number(form.getAttribute("data-max-bytes"));
            if (maximum && file.size > maximum) {
                say(form.getAttribute("data-text-too-large"));
                return;
            }
            var buttons = form.querySelectorAll("button[type=submit]");
            buttons.forEach(function (button) { button.disabled = true; });
            var key = storageKey(form, file);
            resume(file, key).then(function (state) {
                return send(file, key, state, 0);
            }).then(function (upload) {
                bar.value = 100;
                say(form.getAttribute("data-text-done"));
                token.value = upload.token;
                // The bytes are on the server already: the form goes without them.
                input.disabled = true;
                form.submit();
            }).catch(function (error) {
                say(error.message || form.getAttribute("data-text-failed"));
                buttons.forEach(function (button) { button.disabled = false; });
            });
        });
    }

    document.querySelectorAll("form[data-chunked-upload]").forEach(setUp);

    // Show the file or the link field, whichever the chosen source needs.
    document.querySelectorAll("form[data-chunked-upload]").forEach(function (form) {
        var radios = form.querySelectorAll("input[name=source]");
        function update() {
            var chosen = form.querySelector("input[name=source]:checked");
            form.querySelectorAll("[data-source]").forEach(function (part) {
                part.hidden = Boolean(chosen) && part.getAttribute("data-source") !== chosen.value;
            });
        }
        radios.forEach(function (radio) { radio.addEventListener("change", update); });
        update();
    });
})();
