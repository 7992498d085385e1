// Warn before an idle sign-out: the GOV.UK "warn users before a session times out" pattern.
// The server signs out an idle session whatever happens here (journey/signin/middleware.py);
// this only gives the user the chance to stay. The dialog opens `data-warning-seconds` before
// the time-out, counts down (a live region tells screen reader users, not every second), and
// keeps focus until "Stay signed in" (or Escape) or "Sign out". Without JavaScript it never
// opens.

const SECOND = 1000;

function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

async function ask(url, options = {}) {
  try {
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      ...options,
    });
    return await response.json();
  } catch {
    return { signed_in: false };
  }
}

export function warnBeforeTimeOut(dialog) {
  const warning = Number(dialog.dataset.warningSeconds);
  const form = dialog.querySelector("form");
  const stayButton = dialog.querySelector("[data-stay]");
  const countdown = dialog.querySelector("[data-countdown]");
  const live = dialog.querySelector("[data-live]");
  let timer = null;
  let ticker = null;
  let endsAt = 0;
  let announced = "";
  let returnFocus = null;

  function schedule(secondsLeft) {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, secondsLeft - warning) * SECOND);
  }

  function signedOut() {
    // The server has signed the session out: loading the page again shows the sign-in page,
    // saying why (without the #fragment, which would only scroll).
    window.location.assign(window.location.pathname + window.location.search);
  }

  async function check() {
    const status = await ask(dialog.dataset.statusUrl);
    if (!status.signed_in) {
      signedOut();
    } else if (status.idle_seconds_left > warning) {
      close(); // used in another tab meanwhile
      schedule(status.idle_seconds_left);
    } else {
      open(status.idle_seconds_left);
    }
  }

  function open(secondsLeft) {
    endsAt = Date.now() + secondsLeft * SECOND;
    announced = "";
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
      dialog.focus();
    }
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, SECOND);
  }

  function tick() {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / SECOND));
    const words = inWords(left);
    countdown.textContent = words;
    if (words !== announced && (left >= 60 || left % 20 === 0 || !announced)) {
      live.textContent = `For your security, we will sign you out in ${words}.`;
      announced = words;
    }
    if (left === 0) {
      clearInterval(ticker);
      setTimeout(check, SECOND);
    }
  }

  function close() {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  async function stay() {
    const status = await ask(form.action, { method: "POST", body: new FormData(form) });
    if (!status.signed_in) {
      signedOut();
      return;
    }
    close();
    schedule(status.idle_seconds_left);
  }

  form.addEventListener("submit", (event) => {
    if (event.submitter === stayButton) {
      event.preventDefault();
      stay();
    } // "Sign out" posts the form to the sign-out page as it is
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means "Stay signed in" (the browser may close it anyway)
    stay();
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const buttons = [...dialog.querySelectorAll("button")];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    const here = document.activeElement;
    if (event.shiftKey && (here === first || here === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && here === last) {
      event.preventDefault();
      first.focus();
    }
  });

  schedule(Number(dialog.dataset.secondsLeft));
}

const dialog = document.getElementById("session-timeout");
if (dialog && typeof dialog.showModal === "function") {
  warnBeforeTimeOut(dialog);
}
