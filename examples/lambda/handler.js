// Bazaar's remote step protocol, implemented once for Lambda (Node.js 20, no dependencies; tar for
// directory products). See the README, "The remote step protocol".
//
// request:  { version, runId, step, attempt, run, env, inputs, outputs, deadline }
// response: { exitCode, message?, logTail?, timedOut? }
//
// Inputs are downloaded from their read-only SAS URLs and put at their names in a fresh working folder
// (a directory arrives as a tar and is extracted there); `run` runs there (a string through /bin/sh -c,
// an array as argv without a shell) until the step's deadline; after exit 0 every output is uploaded
// to its create/write SAS URL (a directory as a tar, marked x-ms-meta-kind: directory). SAS URLs are
// secrets: they are never printed, and errors name the product, not the URL.
"use strict";

const { spawn } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const fsp = require("node:fs/promises");
const http = require("node:http");
const https = require("node:https");
const os = require("node:os");
const path = require("node:path");
const { pipeline } = require("node:stream/promises");

// Lambda's synchronous response may be 6 MB; the log tail stays well under it.
const MAX_TAIL_BYTES = 1024 * 1024;
// Time kept back from the deadline to upload outputs and answer.
const ANSWER_MARGIN_MS = 500;

exports.step = async (request) => {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), "bazaar-"));
  try {
    const deadline = Date.parse(request.deadline) || Date.now() + 15 * 60 * 1000;
    for (const [name, input] of Object.entries(request.inputs || {})) {
      await download(name, input, work);
    }

    if (request.run === undefined || request.run === null) {
      return { exitCode: 0 };
    }

    const result = await run(request, work, deadline);
    if (result.exitCode === 0) {
      for (const [name, output] of Object.entries(request.outputs || {})) {
        await upload(name, output, work);
      }
    }

    return result;
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
};

exports.fail = async () => {
  throw new Error("the example failure handler always throws");
};

async function download(name, input, work) {
  const target = path.join(work, name);
  if (input.kind === "marker") {
    await fsp.writeFile(target, "");
    return;
  }

  const response = await fetch(input.url);
  if (!response.ok) {
    throw new Error(`input '${name}': storage answered ${response.status} ${response.statusText}`);
  }

  const file = input.kind === "directory" ? path.join(work, `.${name}.tar`) : target;
  const hash = createHash("sha256");
  await pipeline(response.body, async function* (chunks) {
    for await (const chunk of chunks) {
      hash.update(chunk);
      yield chunk;
    }
  }, fs.createWriteStream(file));
  const digest = "sha256:" + hash.digest("hex");
  if (digest !== input.digest) {
    throw new Error(`input '${name}': downloaded content has digest ${digest}, expected ${input.digest}`);
  }

  if (input.kind === "directory") {
    await fsp.mkdir(target);
    await tar(["-xf", file, "-C", target, "--no-same-owner"]);
    await fsp.rm(file);
  }
}

async function upload(name, output, work) {
  const source = path.join(work, output.path);
  if (!source.startsWith(work + path.sep)) {
    throw new Error(`output '${name}': path '${output.path}' leaves the working folder`);
  }

  const info = await fsp.stat(source).catch(() => null);
  if (info === null) {
    return; // Not made: Bazaar fails the step naming the output.
  }

  let file = source;
  let kind = "file";
  if (info.isDirectory()) {
    file = path.join(work, `.${name}.out.tar`);
    // Entries by name, not ".": Bazaar refuses a "./" entry, which says nothing about a file.
    const entries = await fsp.readdir(source);
    await tar(["-cf", file, "-C", source, ...(entries.length > 0 ? ["--", ...entries] : ["-T", "/dev/null"])]);
    kind = "directory";
  }

  const size = (await fsp.stat(file)).size;
  await put(output.url, file, size, { "x-ms-blob-type": "BlockBlob", "x-ms-meta-kind": kind }, name);
}

function put(url, file, size, headers, name) {
  // Plain http(s) rather than fetch: Blob storage wants a Content-Length, not a chunked body.
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(target, {
      method: "PUT",
      headers: { ...headers, "content-length": size, "content-type": "application/octet-stream" },
    }, (response) => {
      response.resume();
      response.on("end", () => response.statusCode < 300
        ? resolve()
        : reject(new Error(`output '${name}': storage answered ${response.statusCode} ${response.statusMessage}`)));
    });
    request.on("error", (error) => reject(new Error(`output '${name}': upload failed (${error.code || error.message})`)));
    fs.createReadStream(file).on("error", reject).pipe(request);
  });
}

function run(request, work, deadline) {
  const argv = typeof request.run === "string" ? ["/bin/sh", "-c", request.run] : request.run;
  const env = { ...process.env, ...(request.env || {}), BAZAAR_WORKSPACE: work };
  const tail = new Tail(MAX_TAIL_BYTES);
  return new Promise((resolve) => {
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== "string")) {
      resolve({ exitCode: 2, message: "run must be a string or a non-empty array of strings" });
      return;
    }

    let timedOut = false;
    const child = spawn(argv[0], argv.slice(1), { cwd: work, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const timer = setTimeout(() => {
      timedOut = true;
      kill(child);
    }, Math.min(2 ** 31 - 1, Math.max(0, deadline - Date.now() - ANSWER_MARGIN_MS)));
    child.stdout.on("data", (chunk) => tail.add(chunk));
    child.stderr.on("data", (chunk) => tail.add(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      const exitCode = error.code === "ENOENT" ? 127 : 126;
      resolve({ exitCode, message: `could not start '${argv[0]}' (${error.code || error.message})`, logTail: tail.text() });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      kill(child); // whatever the step left running in its process group
      if (timedOut) {
        resolve({ exitCode: 124, timedOut: true, logTail: tail.text() });
        return;
      }

      const exitCode = code !== null ? code : 128 + (os.constants.signals[signal] || 0);
      resolve({ exitCode, logTail: tail.text() });
    });
  });
}

function kill(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function tar(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("tar", args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk) => { errors += chunk; });
    child.on("error", (error) => reject(new Error(`tar: ${error.code || error.message}; directory products need tar on PATH`)));
    child.on("close", (code) => code === 0 ? resolve() : reject(new Error(`tar ${args[0]} exited with ${code}: ${errors.trim()}`)));
  });
}

// The last `max` bytes of the output; the first line says how much was dropped.
class Tail {
  constructor(max) {
    this.max = max;
    this.chunks = [];
    this.size = 0;
    this.dropped = 0;
  }

  add(chunk) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.max) {
      this.size -= this.chunks[0].length;
      this.dropped += this.chunks.shift().length;
    }
  }

  text() {
    let buffer = Buffer.concat(this.chunks);
    let dropped = this.dropped;
    if (buffer.length > this.max) {
      dropped += buffer.length - this.max;
      buffer = buffer.subarray(buffer.length - this.max);
      const newline = buffer.indexOf(10);
      if (newline >= 0) {
        dropped += newline + 1;
        buffer = buffer.subarray(newline + 1);
      }
    }

    const text = buffer.toString("utf8");
    return dropped > 0 ? `[bazaar] ${dropped} bytes of earlier output were dropped; the log keeps the last ${this.max}\n${text}` : text;
  }
}
