// The report form, in a frame the badge opens inside the Amazon page. Being
// an extension page, it is out of reach of the page's scripts; it acts only
// on the shopper's own clicks (trusted events) and sends only the reasons
// and the note: the worker files them for the seller it read for the tab.

import { loadCatalogue, localize, message } from "../lib/i18n.js";
import { ext } from "../lib/browser.js";

const $ = (id) => document.getElementById(id);

async function send(msg) {
  try {
    const res = await ext.runtime.sendMessage(msg);
    return res && typeof res === "object" ? res : { ok: false, error: "no answer from the extension" };
  } catch (e) {
    return { ok: false, error: String((e && e.message) || e) };
  }
}

function setStatus(kind, text) {
  const s = $("status");
  if (kind) s.dataset.result = kind;
  else delete s.dataset.result;
  s.textContent = text || "";
}

async function main() {
  const form = await send({ type: "reportForm" });
  const cat = await loadCatalogue(form.ok ? form.lang : ext.i18n.getUILanguage().slice(0, 2));
  document.documentElement.lang = form.ok ? form.lang : "";
  localize(document, cat);
  if (!form.ok) {
    setStatus("no-seller", message(cat, "report_no_seller"));
    return;
  }
  if (form.sellerName) $("seller").textContent = message(cat, "ui_seller", [form.sellerName]);
  for (const code of form.reasons) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "reason";
    box.value = code;
    label.append(box, document.createTextNode(" " + message(cat, "report_reason_" + code)));
    $("reasons").append(label);
  }
  $("note").maxLength = form.noteMax;
  $("form").hidden = false;

  const clearInvalid = () => {
    if ($("status").dataset.result === "invalid") setStatus("", "");
  };
  $("form").addEventListener("change", () => {
    if ($("form").querySelector("input[name=reason]:checked")) clearInvalid();
  });
  $("form").addEventListener("submit", (e) => e.preventDefault());
  $("cancel").addEventListener("click", (e) => {
    if (e.isTrusted) send({ type: "reportCancel" });
  });
  $("submit").addEventListener("click", async (e) => {
    if (!e.isTrusted) return;
    const reasons = [...$("form").querySelectorAll("input[name=reason]:checked")].map((i) => i.value);
    if (reasons.length === 0) {
      setStatus("invalid", message(cat, "report_pick_reason"));
      return;
    }
    const msg = { type: "report", reasons };
    const note = $("note").value.slice(0, form.noteMax).trim();
    if (note) msg.note = note;
    $("submit").disabled = true;
    const res = await send(msg);
    // On success the worker closes this frame and the badge says "sent".
    if (res.ok) setStatus("sent", message(cat, "report_sent"));
    else if (res.code === "ALREADY_REPORTED") setStatus("already", message(cat, "report_already"));
    else {
      $("submit").disabled = false;
      setStatus("failed", message(cat, "report_failed"));
    }
  });
}

main().catch((e) => console.error("mikiwame report:", e));
