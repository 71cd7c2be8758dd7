// designkit session timer: the view of designkit.widgets.workshop.SessionTimer.
//
// The countdown runs in the browser (a kernel busy with a long cell must not
// freeze the room's clock). Python sets the timebox (`seconds`), the warning
// threshold (`warn_seconds`) and the label; the view counts down from when
// Start is pressed, turns amber in the last `warn_seconds`, red and "Time is
// up" after the end, and keeps counting the overrun. Texts go in as text.

function fmt(total) {
  const sign = total < 0 ? "+" : "";
  const s = Math.abs(Math.round(total));
  const m = Math.floor(s / 60);
  return `${sign}${m}:${String(s % 60).padStart(2, "0")}`;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "dk-timer";
  const label = document.createElement("div");
  label.className = "dk-timer-label";
  const clock = document.createElement("div");
  clock.className = "dk-timer-clock";
  clock.setAttribute("role", "timer");
  const note = document.createElement("div");
  note.className = "dk-timer-note";
  const buttons = document.createElement("div");
  buttons.className = "dk-timer-buttons";
  const start = document.createElement("button");
  const reset = document.createElement("button");
  start.className = reset.className = "dk-timer-button";
  reset.textContent = "Reset";
  buttons.append(start, reset);
  root.append(label, clock, note, buttons);
  el.append(root);

  let endsAt = null; // ms timestamp while running
  let left = model.get("seconds"); // seconds left while paused
  let ticker = null;

  function remaining() {
    return endsAt === null ? left : (endsAt - Date.now()) / 1000;
  }

  function paint() {
    const r = remaining();
    const warn = model.get("warn_seconds");
    clock.textContent = fmt(r);
    root.classList.toggle("dk-timer-warn", r > 0 && r <= warn);
    root.classList.toggle("dk-timer-over", r <= 0);
    root.classList.toggle("dk-timer-running", endsAt !== null);
    if (r <= 0) note.textContent = "Time is up: wrap up, or park what is left";
    else if (r <= warn) note.textContent = `${Math.ceil(r / 60)} min left: start wrapping up`;
    else note.textContent = endsAt === null ? "Press Start when the session begins" : "";
    start.textContent = endsAt === null ? (left < model.get("seconds") ? "Resume" : "Start") : "Pause";
    label.textContent = model.get("label");
  }

  function run() {
    endsAt = Date.now() + left * 1000;
    ticker = setInterval(paint, 250);
    paint();
  }

  function pause() {
    left = remaining();
    endsAt = null;
    clearInterval(ticker);
    ticker = null;
    paint();
  }

  function restart() {
    const running = endsAt !== null;
    if (running) pause();
    left = model.get("seconds");
    paint();
  }

  start.addEventListener("click", () => (endsAt === null ? run() : pause()));
  reset.addEventListener("click", restart);
  model.on("change:seconds", restart);
  model.on("change:warn_seconds", paint);
  model.on("change:label", paint);
  paint();
  return () => clearInterval(ticker);
}

export default { render };
