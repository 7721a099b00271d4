// "Cite this clause": a button that copies the citation. The page works without it: the
// citation sits in a read-only text box the reader selects and copies by hand, and the button
// stays hidden until this script can offer it.
(function () {
    "use strict";

    function selectAll(field) {
        field.focus();
        field.select();
        field.setSelectionRange(0, field.value.length);
    }

    function copyWithSelection(field) {
        selectAll(field);
        try {
            return document.execCommand("copy");
        } catch (error) {
            return false;
        }
    }

    document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
        var field = document.getElementById(button.getAttribute("data-copy-from"));
        var wrapper = button.parentElement;
        var status = wrapper ? wrapper.querySelector("[role=status]") : null;
        if (!field || !wrapper) {
            return;
        }

        function report(copied) {
            if (status) {
                status.textContent = button.getAttribute(copied ? "data-copied" : "data-failed");
            }
            if (!copied) {
                selectAll(field);
            }
        }

        button.addEventListener("click", function () {
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(
                    function () {
                        report(true);
                    },
                    function () {
                        report(copyWithSelection(field));
                    }
                );
            } else {
                report(copyWithSelection(field));
            }
        });
        wrapper.hidden = false;
    });
})();
