// "Vorlesen": reads the lesson, or one part of it, with the browser's speech synthesis in the
// lesson's language. A lesson may bring its own recording, which is then played instead. Where the
// browser has no voice for the language, the button says so rather than staying silent.
const tools = document.querySelector("[data-read-aloud]");
const article = document.querySelector("article.lesson");

function textOf(element) {
  const copy = element.cloneNode(true);
  for (const button of copy.querySelectorAll("button, .visually-hidden")) button.remove();
  return copy.textContent.replace(/\s+/g, " ").trim();
}

function voiceFor(lang) {
  const voices = window.speechSynthesis ? window.speechSynthesis.getVoices() : [];
  return voices.find((voice) => voice.lang.toLowerCase().startsWith(lang.toLowerCase())) || null;
}

function waitForVoices() {
  if (!window.speechSynthesis) return Promise.resolve([]);
  const voices = window.speechSynthesis.getVoices();
  if (voices.length) return Promise.resolve(voices);
  return new Promise((resolve) => {
    const done = () => resolve(window.speechSynthesis.getVoices());
    window.speechSynthesis.addEventListener("voiceschanged", done, { once: true });
    setTimeout(done, 1500);
  });
}

if (tools && article) {
  const lang = tools.dataset.lang || document.documentElement.lang;
  const status = tools.querySelector("[data-read-status]");
  const audio = tools.dataset.audio ? document.getElementById(tools.dataset.audio) : null;
  const say = (text) => { status.textContent = text; };

  const readButton = document.createElement("button");
  readButton.type = "button";
  readButton.className = "button";
  readButton.textContent = tools.dataset.readLabel;
  tools.prepend(readButton);
  // While something is read, the same button stops it, and says so.
  const showReading = (reading) => {
    readButton.textContent = reading ? tools.dataset.stopLabel : tools.dataset.readLabel;
  };
  if (audio) {
    audio.addEventListener("play", () => showReading(true));
    for (const type of ["pause", "ended"]) audio.addEventListener(type, () => showReading(false));
  }
  let reading = null; // the utterances being read; a finished older batch must not reset the button

  async function speak(texts) {
    if (!texts.length) return;
    if (!window.speechSynthesis) {
      say(tools.dataset.noVoice);
      return;
    }
    await waitForVoices();
    const voice = voiceFor(lang);
    if (!voice) {
      say(tools.dataset.noVoice);
      return;
    }
    window.speechSynthesis.cancel();
    const batch = texts.map((text) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      utterance.voice = voice;
      utterance.rate = 0.9;
      return utterance;
    });
    reading = batch;
    const last = batch[batch.length - 1];
    last.onend = last.onerror = () => { if (reading === batch) showReading(false); };
    for (const utterance of batch) window.speechSynthesis.speak(utterance);
    showReading(true);
    say("");
  }

  readButton.addEventListener("click", () => {
    if (audio) {
      if (audio.paused) audio.play(); else audio.pause();
      return;
    }
    if (window.speechSynthesis && window.speechSynthesis.speaking) {
      reading = null;
      window.speechSynthesis.cancel();
      showReading(false);
      return;
    }
    const parts = [article.querySelector("h1"), ...article.querySelectorAll(".lesson-text:not(.lesson-german) > *")];
    speak(parts.filter(Boolean).map(textOf).filter(Boolean));
  });

  // A small button for each part of the text, to hear just that part again.
  const sprite = document.querySelector('link[rel="stylesheet"]').href.replace(/css\/app\.css.*$/, "icons.svg");
  for (const part of article.querySelectorAll(".lesson-text:not(.lesson-german) > :is(p, ul, ol, h2, h3, h4, table)")) {
    if (!textOf(part)) continue; // a picture alone has nothing to read
    const button = document.createElement("button");
    button.type = "button";
    button.className = "read-part";
    button.setAttribute("aria-label", tools.dataset.paragraphLabel);
    button.title = tools.dataset.paragraphLabel;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", `${sprite}#speaker`);
    svg.append(use);
    button.append(svg);
    button.addEventListener("click", () => speak([textOf(part)]));
    // Lists and tables may only hold their own items: the button goes after them there.
    if (/^(UL|OL|TABLE)$/.test(part.tagName)) part.after(button); else part.append(" ", button);
  }
}
