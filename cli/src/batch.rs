//! `verify-qr --batch`: one verdict per input line, in input order, each with its `"line"`,
//! verified on `jobs` threads sharing one [`Verifier`], and a summary on stderr.
//!
//! The input is cut into chunks of lines; a chunk is verified by whichever worker takes it
//! and written when every chunk before it has been. A fixed number of chunks is in flight at
//! once, so memory stays bounded whatever the input's size.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use govcred::verify::Verifier;

use crate::common::CliError;

/// Lines per chunk: large enough that handing chunks around costs nothing measurable.
const CHUNK_LINES: usize = 256;
/// A line longer than this is cut here (the verifier refuses anything above 16 KiB anyway),
/// so one endless line cannot exhaust memory.
const MAX_LINE: u64 = 32 * 1024;
/// Below this input size no progress bar is drawn.
const PROGRESS_MIN_BYTES: u64 = 1 << 20;

/// What the batch saw, for the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Lines read (one verdict each).
    pub total: u64,
    /// Verdicts that passed.
    pub passed: u64,
    /// Refusals by code name.
    pub refused: BTreeMap<&'static str, u64>,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.total += other.total;
        self.passed += other.passed;
        for (name, n) in &other.refused {
            *self.refused.entry(name).or_default() += n;
        }
    }

    /// The stderr summary line (or JSON object with `--json`).
    pub(crate) fn render(&self, seconds: f64, jobs: usize, json: bool) -> String {
        let rate = if seconds > 0.0 {
            self.total as f64 / seconds
        } else {
            0.0
        };
        if json {
            let refused: serde_json::Map<String, serde_json::Value> = self
                .refused
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).into()))
                .collect();
            return format!(
                "{}\n",
                serde_json::json!({
                    "summary": {
                        "total": self.total,
                        "passed": self.passed,
                        "refused": refused,
                        "codes_per_second": rate.round(),
                        "seconds": seconds,
                        "jobs": jobs,
                    }
                })
            );
        }
        let refused: Vec<String> = self
            .refused
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        let refused = if refused.is_empty() {
            "none".to_owned()
        } else {
            refused.join(", ")
        };
        format!(
            "verify-qr --batch: {} lines, {} passed, {} refused ({refused}); {:.0} codes/s on {jobs} job(s)\n",
            self.total,
            self.passed,
            self.total - self.passed,
            rate
        )
    }
}

struct Chunk {
    index: u64,
    first_line: u64,
    bytes: u64,
    lines: Vec<String>,
}

struct Done {
    index: u64,
    bytes: u64,
    out: Vec<u8>,
    summary: Summary,
}

/// How a batch runs.
pub(crate) struct Options {
    /// The verification time.
    pub now: i64,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// The input's size when known (a file), for the progress bar.
    pub input_len: Option<u64>,
    /// Whether stderr is a terminal someone watches.
    pub interactive: bool,
}

/// Verifies every line of `input`, writing one JSON verdict line per input line to `out`.
pub(crate) fn run(
    verifier: &Verifier,
    input: Box<dyn Read + Send>,
    out: &mut (dyn Write + Send),
    options: &Options,
) -> Result<(Summary, f64), CliError> {
    let jobs = options.jobs.max(1);
    let start = Instant::now();
    let progress = match options.input_len {
        Some(len) if options.interactive && len >= PROGRESS_MIN_BYTES => {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(len),
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {percent:>3}% {bytes}/{total_bytes} {per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Some(bar)
        }
        _ => None,
    };
    // In-flight chunks are bounded by tokens: the reader takes one per chunk, the writer
    // returns it once the chunk is written.
    let in_flight = jobs * 4;
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<Chunk>(in_flight);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = sync_channel::<Done>(in_flight);

    let result = std::thread::scope(|scope| {
        for _ in 0..jobs {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || worker(verifier, options.now, &work_rx, &done_tx));
        }
        // Only the workers hold these now: when they stop, the reader and writer notice.
        drop(work_rx);
        drop(done_tx);
        let bar = progress.as_ref();
        let writer = scope.spawn(move || write_in_order(done_rx, out, token_tx, bar));
        let read = read_chunks(input, &work_tx, &token_rx);
        drop(work_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(CliError::Io("batch writer failed".to_owned())));
        read.and(written)
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok((result?, start.elapsed().as_secs_f64()))
}

fn read_chunks(
    input: Box<dyn Read + Send>,
    work_tx: &SyncSender<Chunk>,
    tokens: &Receiver<()>,
) -> Result<(), CliError> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let mut next_line = 1u64;
    let mut raw = Vec::new();
    for index in 0u64.. {
        if tokens.recv().is_err() {
            // The writer stopped (stdout closed): its error is the one reported.
            return Ok(());
        }
        let mut chunk = Chunk {
            index,
            first_line: next_line,
            bytes: 0,
            lines: Vec::with_capacity(CHUNK_LINES),
        };
        while chunk.lines.len() < CHUNK_LINES {
            let Some(bytes) = read_line(&mut reader, &mut raw)? else {
                break;
            };
            chunk.bytes += bytes;
            chunk.lines.push(String::from_utf8_lossy(&raw).into_owned());
        }
        next_line += chunk.lines.len() as u64;
        let last = chunk.lines.len() < CHUNK_LINES;
        if !chunk.lines.is_empty() && work_tx.send(chunk).is_err() {
            return Ok(());
        }
        if last {
            break;
        }
    }
    Ok(())
}

// One line into `raw` (without its line break, at most MAX_LINE bytes kept); the number of
// bytes consumed, or None at the end of the input.
fn read_line(reader: &mut impl BufRead, raw: &mut Vec<u8>) -> Result<Option<u64>, CliError> {
    let io = |e: std::io::Error| CliError::Io(format!("cannot read batch: {e}"));
    raw.clear();
    let mut consumed = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', raw)
        .map_err(io)? as u64;
    if consumed == 0 {
        return Ok(None);
    }
    if raw.last() != Some(&b'\n') && consumed == MAX_LINE {
        // Skip the rest of an overlong line; what was kept is refused as too large.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = reader
                .by_ref()
                .take(MAX_LINE)
                .read_until(b'\n', &mut rest)
                .map_err(io)?;
            consumed += n as u64;
            if n == 0 || rest.last() == Some(&b'\n') {
                break;
            }
        }
    }
    while matches!(raw.last(), Some(b'\n' | b'\r')) {
        raw.pop();
    }
    Ok(Some(consumed))
}

fn worker(verifier: &Verifier, now: i64, work: &Mutex<Receiver<Chunk>>, done: &SyncSender<Done>) {
    loop {
        let chunk = match work.lock() {
            Ok(rx) => match rx.recv() {
                Ok(chunk) => chunk,
                Err(_) => return,
            },
            Err(_) => return,
        };
        let mut out = Vec::with_capacity(chunk.lines.len() * 512);
        let mut summary = Summary::default();
        for (i, line) in chunk.lines.iter().enumerate() {
            let verdict = verifier.verify(line, now);
            summary.total += 1;
            if verdict.passed {
                summary.passed += 1;
            } else {
                *summary.refused.entry(verdict.code.name()).or_default() += 1;
            }
            let start = out.len();
            if verdict.write_json(&mut out).is_err() || out.last() != Some(&b'}') {
                out.truncate(start);
                out.extend_from_slice(b"{\"passed\":false");
            } else {
                out.pop();
            }
            out.extend_from_slice(crate::time::verdict_times(&verdict, now).as_bytes());
            let _ = writeln!(out, ",\"line\":{}}}", chunk.first_line + i as u64);
        }
        let done_chunk = Done {
            index: chunk.index,
            bytes: chunk.bytes,
            out,
            summary,
        };
        if done.send(done_chunk).is_err() {
            return;
        }
    }
}

fn write_in_order(
    done: Receiver<Done>,
    out: &mut (dyn Write + Send),
    tokens: SyncSender<()>,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<Summary, CliError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut waiting: HashMap<u64, Done> = HashMap::new();
    let mut next = 0u64;
    let mut summary = Summary::default();
    for chunk in done {
        waiting.insert(chunk.index, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            out.write_all(&chunk.out)
                .map_err(|e| CliError::Io(format!("cannot write: {e}")))?;
            summary.add(&chunk.summary);
            if let Some(bar) = progress {
                bar.inc(chunk.bytes);
            }
            next += 1;
            let _ = tokens.try_send(());
        }
    }
    out.flush()
        .map_err(|e| CliError::Io(format!("cannot write: {e}")))?;
    Ok(summary)
}
