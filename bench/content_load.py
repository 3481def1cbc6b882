"""Benchmark: loading a large course folder with ``netzlernen.content.load_catalogue``.

Builds a synthetic course folder in a temporary directory (default 100 courses x 20 lessons x 3
languages de/en/ar = 6,000 lesson files). Every lesson file is realistic: front matter, about 300
words of Markdown with headings, a bulleted and a numbered list, bold text, a link, a picture (an
SVG that exists in the lesson folder) and a quiz block of 3 questions; the German text keeps to the
readability rules (short sentences), so the checker finds no problem at all.

Each measurement runs ``load_catalogue(folder)`` in a fresh Python process (imports done before
the clock starts) and reports the load time, lesson files per second, the CPU time of all processes
(the loader spreads large folders over helper processes, one per core), the number of problems
(must be 0) and the peak resident memory (``resource.getrusage``: the process, and the largest
helper process). One more run loads in a single process, for comparison (as on a machine with one
core); with ``--tracemalloc`` one extra single-process run with ``tracemalloc`` switched on (about
five times slower, so not timed) gives the peak of Python allocations while loading, and with
``--profile N`` a cProfile run (single process) prints the top N functions. Each run also times
loading the folder again with ``previous=`` (as the app does when it notices a change), once with
nothing changed and once after one lesson file was saved.

    .venv/bin/python bench/content_load.py [--courses 100] [--lessons 20] [--runs 3] [--no-serial]
                                           [--tracemalloc] [--profile 25] [--keep]

Target: all 6,000 lesson files load in under 5 s (median of the runs). The files were just written,
so they are in the page cache: this measures parsing, rendering and checking, not the disk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "en", "ar")
TARGET_SECONDS = 5.0

# --- the synthetic course text -------------------------------------------------------------------
# Short, plain sentences (Einfache Sprache: at most 15 words each), as in the shipped courses.

TOPICS = {
    "de": ["die Maus", "die Tastatur", "das Internet", "die E-Mail", "das Handy", "der Browser",
           "das Passwort", "der Drucker", "die Datei", "der Ordner", "das Foto", "die App"],
    "en": ["the mouse", "the keyboard", "the internet", "e-mail", "the phone", "the browser",
           "the password", "the printer", "the file", "the folder", "the photo", "the app"],
    "ar": ["الفأرة", "لوحة المفاتيح", "الإنترنت", "البريد الإلكتروني", "الهاتف", "المتصفح",
           "كلمة المرور", "الطابعة", "الملف", "المجلد", "الصورة", "التطبيق"],
}

SENTENCES = {
    "de": [
        "Heute lernen Sie etwas über {t}.", "Das ist gar nicht schwer.", "Sie brauchen dafür nur etwas Zeit.",
        "Lesen Sie den Text in Ruhe.", "Sie können alles noch einmal lesen.", "Fragen Sie, wenn Sie Hilfe brauchen.",
        "Viele Menschen nutzen {t} jeden Tag.", "Sie sehen gleich ein Bild.", "Das Bild zeigt {t}.",
        "Schauen Sie genau hin.", "Dann geht es weiter.", "Machen Sie eine kleine Pause.",
        "Üben Sie das ein paar Mal.", "Mit der Zeit geht es leichter.", "Fehler sind ganz normal.",
        "Sie können nichts kaputt machen.", "Klicken Sie dann auf den Knopf.", "Der Knopf ist blau.",
        "Oben sehen Sie eine Leiste.", "Unten ist ein Feld für Text.", "Schreiben Sie Ihren Namen hinein.",
        "Jetzt wissen Sie mehr über {t}.", "Das hilft Ihnen im Alltag.", "Sie schaffen das.",
        "Die Netzpatin hilft Ihnen gern.", "Nehmen Sie sich so viel Zeit, wie Sie brauchen.",
    ],
    "en": [
        "Today you learn about {t}.", "This is not hard at all.", "You only need a little time.",
        "Read the text at your own pace.", "You can read everything again.", "Ask when you need help.",
        "Many people use {t} every day.", "You will see a picture soon.", "The picture shows {t}.",
        "Look closely.", "Then we go on.", "Take a short break.",
        "Practise this a few times.", "It gets easier with time.", "Mistakes are quite normal.",
        "You cannot break anything.", "Then click the button.", "The button is blue.",
        "At the top you see a bar.", "At the bottom there is a text field.", "Type your name into it.",
        "Now you know more about {t}.", "This helps you in everyday life.", "You can do it.",
        "The mentor is happy to help you.", "Take as much time as you need.",
    ],
    "ar": [
        "اليوم تتعلّم شيئًا عن {t}.", "هذا ليس صعبًا أبدًا.", "تحتاج فقط إلى بعض الوقت.",
        "اقرأ النص بهدوء.", "يمكنك قراءة كل شيء مرة أخرى.", "اسأل إذا احتجت إلى مساعدة.",
        "يستخدم كثير من الناس {t} كل يوم.", "سترى صورة بعد قليل.", "الصورة تُظهر {t}.",
        "انظر جيدًا.", "ثم نتابع.", "خذ استراحة قصيرة.",
        "تدرّب على ذلك عدة مرات.", "مع الوقت يصبح الأمر أسهل.", "الأخطاء أمر طبيعي تمامًا.",
        "لا يمكنك أن تكسر شيئًا.", "ثم انقر على الزر.", "الزر أزرق.",
        "في الأعلى ترى شريطًا.", "في الأسفل حقل للنص.", "اكتب اسمك فيه.",
        "الآن تعرف أكثر عن {t}.", "هذا يساعدك في الحياة اليومية.", "أنت تستطيع ذلك.",
        "المرشدة تساعدك بكل سرور.", "خذ الوقت الذي تحتاجه.",
    ],
}

HEADINGS = {
    "de": ["Was ist {t}?", "So geht es", "Schritt für Schritt", "Gut zu wissen", "Tipps"],
    "en": ["What is {t}?", "How it works", "Step by step", "Good to know", "Tips"],
    "ar": ["ما هو {t}؟", "هكذا تعمل", "خطوة بخطوة", "من المفيد أن تعرف", "نصائح"],
}

LABELS = {
    "de": {"title": "Lektion {n}: {t}", "alt": "Ein einfaches Bild. Es zeigt {t} von vorne.",
           "link": "Mehr dazu finden Sie [auf dieser Seite](https://www.example.org/hilfe).",
           "bold": "Wichtig: **Speichern** Sie immer zuerst.",
           "q": ["Was lernen Sie in dieser Lektion?", "Was tun Sie bei einem Fehler?", "Welche Farbe hat der Knopf?"],
           "o": [["Etwas über {t}", "Kochen", "Autofahren"], ["Ruhig bleiben", "Den Computer werfen", "Weinen"],
                 ["Blau", "Rot", "Grün"]],
           "f": "Lesen Sie die Lektion noch einmal, wenn Sie unsicher sind.",
           "course": "Kurs {n}: {t}", "desc": "Ein Kurs über {t}. Sie lernen es Schritt für Schritt."},
    "en": {"title": "Lesson {n}: {t}", "alt": "A simple picture. It shows {t} from the front.",
           "link": "You find more [on this page](https://www.example.org/help).",
           "bold": "Important: always **save** first.",
           "q": ["What do you learn in this lesson?", "What do you do after a mistake?", "What colour is the button?"],
           "o": [["Something about {t}", "Cooking", "Driving"], ["Stay calm", "Throw the computer", "Cry"],
                 ["Blue", "Red", "Green"]],
           "f": "Read the lesson again if you are not sure.",
           "course": "Course {n}: {t}", "desc": "A course about {t}. You learn it step by step."},
    "ar": {"title": "الدرس {n}: {t}", "alt": "صورة بسيطة. تُظهر {t} من الأمام.",
           "link": "تجد المزيد [في هذه الصفحة](https://www.example.org/help).",
           "bold": "مهم: **احفظ** دائمًا أولًا.",
           "q": ["ماذا تتعلّم في هذا الدرس؟", "ماذا تفعل بعد خطأ؟", "ما لون الزر؟"],
           "o": [["شيئًا عن {t}", "الطبخ", "قيادة السيارة"], ["أبقى هادئًا", "أرمي الحاسوب", "أبكي"],
                 ["أزرق", "أحمر", "أخضر"]],
           "f": "اقرأ الدرس مرة أخرى إذا لم تكن متأكدًا.",
           "course": "الدورة {n}: {t}", "desc": "دورة عن {t}. تتعلّمها خطوة بخطوة."},
}

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80">'
       '<rect x="1" y="1" width="118" height="78" rx="8" fill="#f4f7fb" stroke="#1f3a5f" stroke-width="2"/>'
       '<circle cx="40" cy="40" r="18" fill="#2f80ed"/><rect x="66" y="24" width="36" height="32" fill="#f2994a"/>'
       '</svg>\n')


def _paragraph(rng: random.Random, language: str, topic: str, count: int) -> list[str]:
    # One sentence per line, as authors write the shipped courses.
    return [rng.choice(SENTENCES[language]).format(t=topic) for _ in range(count)]


def lesson_text(language: str, course_no: int, lesson_no: int, rng: random.Random, correct: list[int]) -> str:
    """One lesson file of about 300 words. ``correct`` is the right option per question (same in every language)."""
    labels = LABELS[language]
    topic = TOPICS[language][(course_no + lesson_no) % len(TOPICS[language])]
    headings = HEADINGS[language]
    lines = ["---", f"title: \"{labels['title'].format(n=lesson_no, t=topic)}\"", f"minutes: {5 + lesson_no % 10}", "---"]
    lines += [f"## {headings[0].format(t=topic)}", "", f"![{labels['alt'].format(t=topic)}](bild.svg)", ""]
    lines += _paragraph(rng, language, topic, 6) + [""]
    lines += [f"- {s}" for s in _paragraph(rng, language, topic, 5)] + [""]
    lines += [f"## {headings[1]}", ""] + _paragraph(rng, language, topic, 6) + [""]
    lines += [f"{n}. {s}" for n, s in enumerate(_paragraph(rng, language, topic, 5), start=1)] + [""]
    lines += [labels["bold"], labels["link"], ""]
    lines += [f"## {headings[2]}", ""] + _paragraph(rng, language, topic, 7) + [""]
    lines += [f"### {headings[3]}", ""] + _paragraph(rng, language, topic, 6) + [""]
    lines += [f"## {headings[4]}", ""] + [f"- {s}" for s in _paragraph(rng, language, topic, 4)] + [""]
    lines += _paragraph(rng, language, topic, 4) + [""]
    lines += ["```quiz"]
    for index, question in enumerate(labels["q"]):
        options = [o.format(t=topic) for o in labels["o"][index]]
        # Put the right option at the agreed position.
        right = options.pop(0)
        options.insert(correct[index], right)
        lines.append(f"? {question}")
        lines += [f"- [{'x' if i == correct[index] else ' '}] {option}" for i, option in enumerate(options)]
        lines.append(f"> {labels['f']}")
        lines.append("")
    lines[-1] = "```"
    return "\n".join(lines) + "\n"


def course_yml(course_no: int) -> str:
    out = ["title:"]
    for language in LANGUAGES:
        out.append(f"  {language}: \"{LABELS[language]['course'].format(n=course_no, t=TOPICS[language][course_no % 12])}\"")
    out.append("description:")
    for language in LANGUAGES:
        out.append(f"  {language}: \"{LABELS[language]['desc'].format(t=TOPICS[language][course_no % 12])}\"")
    out += [f"order: {course_no}", "level: 1", "requires: []", "objectives:"]
    for language in LANGUAGES:
        out += [f"  {language}:", f"    - \"{SENTENCES[language][0].format(t=TOPICS[language][course_no % 12])}\""]
    out.append("pass_mark: 0.8")
    return "\n".join(out) + "\n"


def build(folder: Path, courses: int, lessons: int, seed: int = 7) -> tuple[int, int, int]:
    """Write the course folder. Returns (lesson files, words in the German lessons, bytes written)."""
    rng = random.Random(seed)
    files = total_bytes = words = 0
    for course_no in range(1, courses + 1):
        course = folder / f"kurs-{course_no:03d}"
        course.mkdir(parents=True)
        total_bytes += (course / "course.yml").write_text(course_yml(course_no), encoding="utf-8")
        for lesson_no in range(1, lessons + 1):
            lesson = course / f"{lesson_no:02d}-lektion-{lesson_no}"
            lesson.mkdir()
            (lesson / "bild.svg").write_text(SVG, encoding="utf-8")
            correct = [rng.randrange(3) for _ in range(3)]
            for language in LANGUAGES:
                text = lesson_text(language, course_no, lesson_no, rng, correct)
                total_bytes += (lesson / f"{language}.md").write_text(text, encoding="utf-8")
                files += 1
                if language == "de":
                    words += len(text.split("```quiz")[0].split("---", 2)[2].split())
    return files, words, total_bytes


# --- the measurement, in a fresh process ---------------------------------------------------------

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
from netzlernen.content import load_catalogue, loader
if {serial!r} and hasattr(loader, "PARALLEL_FROM_FILES"):
    loader.PARALLEL_FROM_FILES = float("inf")  # one process, as on a machine with one core
trace = {trace!r}
if trace:
    import tracemalloc
    tracemalloc.start()
def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
before = rss_kb()
start = time.perf_counter()
cpu, child_cpu = time.process_time(), children_cpu()
catalogue = load_catalogue({folder!r})
seconds = time.perf_counter() - start
cpu, child_cpu = time.process_time() - cpu, children_cpu() - child_cpu
result = {{
    "seconds": seconds, "cpu": cpu + child_cpu, "child_cpu": child_cpu, "rss_before_kb": before, "rss_after_kb": rss_kb(),
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "child_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "courses": len(catalogue.courses), "lessons": catalogue.lesson_count(),
    "files": sum(len(l.texts) for c in catalogue.courses.values() for l in c.lessons),
    "errors": len(catalogue.errors), "warnings": len(catalogue.warnings),
    "first_problems": [str(p) for p in catalogue.problems[:5]],
}}
if trace:
    current, peak = tracemalloc.get_traced_memory()
    result["traced_current"] = current
    result["traced_peak"] = peak
# What the app does when it notices a change: load again, taking unchanged courses from the last load.
start = time.perf_counter()
unchanged = load_catalogue({folder!r}, previous=catalogue)
result["again_unchanged_seconds"] = time.perf_counter() - start
edited = sorted(Path({folder!r}).glob("*/*/de.md"))[0]
stat = edited.stat()
os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
start = time.perf_counter()
one_changed = load_catalogue({folder!r}, previous=unchanged)
result["again_one_changed_seconds"] = time.perf_counter() - start
result["again_problems"] = len(one_changed.problems)
print(json.dumps(result))
"""

PROFILE = r"""
import cProfile, pstats, sys
sys.path.insert(0, {root!r})
from netzlernen.content import load_catalogue, loader
if hasattr(loader, "PARALLEL_FROM_FILES"):
    loader.PARALLEL_FROM_FILES = float("inf")  # profile in one process
profile = cProfile.Profile()
profile.enable()
load_catalogue({folder!r})
profile.disable()
pstats.Stats(profile).sort_stats("cumulative").print_stats({limit})
"""


def machine_busy() -> float:
    """CPU seconds used by every process on the machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # without idle and iowait


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(folder: Path, trace: bool = False, serial: bool = False) -> dict:
    code = CHILD.format(root=str(ROOT), folder=str(folder), trace=trace, serial=serial)
    busy, own, start = machine_busy(), children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    busy, own, wall = machine_busy() - busy, children_cpu() - own, time.perf_counter() - start
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # CPU that other programs used meanwhile, as a share of all cores: the times are only comparable when it is low.
    result["others"] = max(0.0, busy - own) / (wall * (os.cpu_count() or 1))
    return result


def describe(run: dict) -> str:
    helpers = f", largest helper process {run['child_maxrss_kb'] / 1024:.0f} MB" if run["child_cpu"] > 0 else ""
    return (f"{run['seconds']:.2f} s wall, {run['cpu']:.2f} s CPU in all processes; "
            f"peak RSS {run['maxrss_kb'] / 1024:.0f} MB{helpers}; other programs used {100 * run['others']:.0f} % of the CPUs meanwhile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--lessons", type=int, default=20, help="lessons per course")
    parser.add_argument("--runs", type=int, default=3, help="timed runs, each in a fresh process")
    parser.add_argument("--tracemalloc", action="store_true", help="one extra (untimed, slow) run with tracemalloc")
    parser.add_argument("--no-serial", action="store_true", help="skip the comparison run in one process")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="also print the top N functions of a cProfile run (cumulative time)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder and print its path")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="netzlernen-content-bench-")) / "courses"
    # The 1-minute load average lags; each run also reports what other programs used while it ran.
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    try:
        start = time.perf_counter()
        files, words, size = build(folder, args.courses, args.lessons)
        print(f"built {args.courses} courses x {args.lessons} lessons x {len(LANGUAGES)} languages = {files:,} lesson files "
              f"({size / 1e6:.1f} MB, about {words // max(1, files // len(LANGUAGES))} words per German lesson) "
              f"in {time.perf_counter() - start:.1f} s")
        runs = [measure(folder) for _ in range(args.runs)]
        for number, run in enumerate(runs, start=1):
            print(f"  run {number}: {describe(run)}")
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        last = runs[-1]
        problems = last["errors"] + last["warnings"]
        parallel = last["child_cpu"] > 0
        print(f"load_catalogue: median {seconds:.2f} s ({cpu:.2f} s CPU{', in several processes' if parallel else ''}) "
              f"for {last['files']:,} lesson files = {last['files'] / seconds:,.0f} files/s "
              f"({last['courses']} courses, {last['lessons']:,} lessons loaded)")
        print(f"problems: {problems} ({last['errors']} errors, {last['warnings']} warnings)")
        print(f"loading again, as the app does when a file changed (previous=): {last['again_one_changed_seconds']:.2f} s with "
              f"one lesson file changed (its course is read again), {last['again_unchanged_seconds']:.2f} s with nothing "
              f"changed; {last['again_problems']} problems")
        for line in last["first_problems"]:
            print(f"  {line}")
        print(f"memory: RSS {last['rss_before_kb'] / 1024:.0f} MB after imports, {last['rss_after_kb'] / 1024:.0f} MB after loading, "
              f"peak (ru_maxrss) {last['maxrss_kb'] / 1024:.0f} MB"
              + (f"; largest helper process {last['child_maxrss_kb'] / 1024:.0f} MB" if parallel else ""))
        if parallel and not args.no_serial:
            serial = measure(folder, serial=True)
            print(f"for comparison, in one process (as on a one-core machine): {describe(serial)}")
        if args.tracemalloc:
            traced = measure(folder, trace=True, serial=True)
            print(f"tracemalloc (one process): peak {traced['traced_peak'] / 1e6:.0f} MB of Python allocations while loading, "
                  f"{traced['traced_current'] / 1e6:.0f} MB still held by the catalogue "
                  f"(this run took {traced['seconds']:.1f} s because tracing is slow)")
        if args.profile:
            code = PROFILE.format(root=str(ROOT), folder=str(folder), limit=args.profile)
            print(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        if any(r["others"] > 0.10 for r in runs):
            print("NOTE: other programs used more than 10 % of the CPUs during a timed run: run again on a quiet machine.")
        complete = last["files"] == files
        ok = seconds < TARGET_SECONDS and problems == 0 and complete
        missing = "" if complete else f", only {last['files']:,} of {files:,} files loaded"
        print(f"target: {files:,} lesson files in under {TARGET_SECONDS:.0f} s with 0 problems: "
              f"{'met' if ok else 'NOT met'} ({seconds:.2f} s, {problems} problems{missing})")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
