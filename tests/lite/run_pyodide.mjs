// Runs a Python driver inside Pyodide under node: node run_pyodide.mjs PYODIDE_DIR HOST_DIR DRIVER OUT WHEEL...
// HOST_DIR is mounted at /host; the wheels (micropip and its packaging) are unpacked into site-packages
// first, since npm's pyodide package ships the core only. The driver's last expression (a JSON string)
// is written to OUT.
import { pathToFileURL } from "node:url";
import { readFileSync, writeFileSync } from "node:fs";

const [pyodideDir, hostDir, driver, out, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const started = performance.now();
const py = await loadPyodide({ indexURL: `${pyodideDir}/` });
const loadSeconds = (performance.now() - started) / 1000;
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, { root: hostDir }, "/host");
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}
py.globals.set("PYODIDE_LOAD_SECONDS", loadSeconds);
try {
  const result = await py.runPythonAsync(readFileSync(driver, "utf8"));
  writeFileSync(out, result);
} catch (err) {
  // the Python traceback, not the minified JavaScript around it
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
