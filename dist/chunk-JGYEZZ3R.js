import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);
import {
  ConfigError,
  configSchema,
  describeIssues,
  isFresh,
  localStarter,
  startEmbedded,
  withClient,
  withDatabase,
  withRollback,
  withoutTransaction
} from "./chunk-CP2PCMQN.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-23TCEBSV.js";

// node_modules/libpg-query/wasm/libpg-query.js
var require_libpg_query = __commonJS({
  "node_modules/libpg-query/wasm/libpg-query.js"(exports, module) {
    var PgQueryModule2 = (() => {
      var _scriptName = globalThis.document?.currentScript?.src;
      return async function(moduleArg = {}) {
        var Module = moduleArg;
        var ENVIRONMENT_IS_WEB = !!globalThis.window;
        var ENVIRONMENT_IS_WORKER = !!globalThis.WorkerGlobalScope;
        var ENVIRONMENT_IS_NODE = globalThis.process?.versions?.node && globalThis.process?.type != "renderer";
        var programArgs = [];
        var thisProgram = "./this.program";
        var quit_ = (status, toThrow) => {
          throw toThrow;
        };
        if (typeof __filename != "undefined") {
          _scriptName = __filename;
        } else if (ENVIRONMENT_IS_WORKER) {
          _scriptName = self.location.href;
        }
        var scriptDirectory = "";
        function locateFile(path7) {
          if (Module["locateFile"]) {
            return Module["locateFile"](path7, scriptDirectory);
          }
          return scriptDirectory + path7;
        }
        var readAsync, readBinary;
        if (ENVIRONMENT_IS_NODE) {
          var fs = __require("node:fs");
          scriptDirectory = __dirname + "/";
          readBinary = (filename) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename);
            return ret;
          };
          readAsync = async (filename, binary = true) => {
            filename = isFileURI(filename) ? new URL(filename) : filename;
            var ret = fs.readFileSync(filename, binary ? void 0 : "utf8");
            return ret;
          };
          if (process.argv.length > 1) {
            thisProgram = process.argv[1].replace(/\\/g, "/");
          }
          programArgs = process.argv.slice(2);
          quit_ = (status, toThrow) => {
            process.exitCode = status;
            throw toThrow;
          };
        } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
          try {
            scriptDirectory = new URL(".", _scriptName).href;
          } catch {
          }
          {
            if (ENVIRONMENT_IS_WORKER) {
              readBinary = (url) => {
                var xhr = new XMLHttpRequest();
                xhr.open("GET", url, false);
                xhr.responseType = "arraybuffer";
                xhr.send(null);
                return new Uint8Array(xhr.response);
              };
            }
            readAsync = async (url) => {
              var response = await fetch(url, { credentials: "same-origin" });
              if (response.ok) {
                return response.arrayBuffer();
              }
              throw new Error(response.status + " : " + response.url);
            };
          }
        } else {
        }
        var out = console.log.bind(console);
        var err = console.error.bind(console);
        var wasmBinary;
        var ABORT = false;
        var EXITSTATUS;
        var isFileURI = (filename) => filename.startsWith("file://");
        class EmscriptenEH {
        }
        class EmscriptenSjLj extends EmscriptenEH {
        }
        var runtimeInitialized = false;
        function getMemoryBuffer() {
          return wasmMemory.buffer;
        }
        function updateMemoryViews() {
          if (HEAP8?.buffer?.resizable) return;
          var b = getMemoryBuffer();
          HEAP8 = new Int8Array(b);
          HEAP16 = new Int16Array(b);
          Module["HEAPU8"] = HEAPU8 = new Uint8Array(b);
          HEAPU16 = new Uint16Array(b);
          HEAP32 = new Int32Array(b);
          Module["HEAPU32"] = HEAPU32 = new Uint32Array(b);
          HEAPF32 = new Float32Array(b);
          HEAPF64 = new Float64Array(b);
          HEAP64 = new BigInt64Array(b);
          HEAPU64 = new BigUint64Array(b);
        }
        function preRun() {
          var preRun2 = Module["preRun"];
          if (preRun2) {
            if (typeof preRun2 == "function") preRun2 = [preRun2];
            onPreRuns.push(...preRun2);
          }
          callRuntimeCallbacks(onPreRuns);
        }
        function initRuntime() {
          runtimeInitialized = true;
          if (!Module["noFSInit"] && !FS.initialized) FS.init();
          TTY.init();
          wasmExports["q"]();
          FS.ignorePermissions = false;
        }
        function postRun() {
          var postRun2 = Module["postRun"];
          if (postRun2) {
            if (typeof postRun2 == "function") postRun2 = [postRun2];
            onPostRuns.push(...postRun2);
          }
          callRuntimeCallbacks(onPostRuns);
        }
        function abort(what) {
          Module["onAbort"]?.(what);
          what = `Aborted(${what})`;
          err(what);
          ABORT = true;
          what += ". Build with -sASSERTIONS for more info.";
          var e = new WebAssembly.RuntimeError(what);
          throw e;
        }
        var wasmBinaryFile;
        function findWasmBinary() {
          return locateFile("libpg-query.wasm");
        }
        function getBinarySync(file) {
          if (readBinary) {
            return readBinary(file);
          }
          throw "both async and sync fetching of the wasm failed";
        }
        async function getWasmBinary(binaryFile) {
          if (!wasmBinary) {
            try {
              var response = await readAsync(binaryFile);
              return new Uint8Array(response);
            } catch {
            }
          }
          return getBinarySync(binaryFile);
        }
        async function instantiateArrayBuffer(binaryFile, imports) {
          try {
            var binary = await getWasmBinary(binaryFile);
            var instance = await WebAssembly.instantiate(binary, imports);
            return instance;
          } catch (reason) {
            err(`failed to asynchronously prepare wasm: ${reason}`);
            abort(reason);
          }
        }
        async function instantiateAsync(binary, binaryFile, imports) {
          if (!binary && !ENVIRONMENT_IS_NODE) {
            try {
              var response = fetch(binaryFile, { credentials: "same-origin" });
              var instantiationResult = await WebAssembly.instantiateStreaming(response, imports);
              return instantiationResult;
            } catch (reason) {
              err(`wasm streaming compile failed: ${reason}`);
              err("falling back to ArrayBuffer instantiation");
            }
          }
          return instantiateArrayBuffer(binaryFile, imports);
        }
        function getWasmImports() {
          var imports = { a: wasmImports };
          return imports;
        }
        async function createWasm() {
          function receiveInstance(instance) {
            wasmExports = instance.exports;
            assignWasmExports(wasmExports);
            updateMemoryViews();
            return wasmExports;
          }
          function receiveInstantiationResult(result2) {
            return receiveInstance(result2["instance"]);
          }
          var info2 = getWasmImports();
          var instantiateWasm = Module["instantiateWasm"];
          if (instantiateWasm) {
            return new Promise((resolve) => {
              instantiateWasm(info2, (inst) => resolve(receiveInstance(inst)));
            });
          }
          wasmBinaryFile ??= findWasmBinary();
          var result = await instantiateAsync(wasmBinary, wasmBinaryFile, info2);
          var exports2 = receiveInstantiationResult(result);
          return exports2;
        }
        class ExitStatus {
          name = "ExitStatus";
          constructor(status) {
            this.message = `Program terminated with exit(${status})`;
            this.status = status;
          }
        }
        var HEAP16;
        var HEAP32;
        var HEAP64;
        var HEAP8;
        var HEAPF32;
        var HEAPF64;
        var HEAPU16;
        var HEAPU32;
        var HEAPU64;
        var HEAPU8;
        var callRuntimeCallbacks = (callbacks) => {
          while (callbacks.length > 0) {
            callbacks.shift()(Module);
          }
        };
        var onPostRuns = [];
        var onPreRuns = [];
        function getValue(ptr, type = "i8") {
          if (type.endsWith("*")) type = "*";
          switch (type) {
            case "i1":
              return HEAP8[ptr];
            case "i8":
              return HEAP8[ptr];
            case "i16":
              return HEAP16[ptr >> 1];
            case "i32":
              return HEAP32[ptr >> 2];
            case "i64":
              return HEAP64[ptr >> 3];
            case "float":
              return HEAPF32[ptr >> 2];
            case "double":
              return HEAPF64[ptr >> 3];
            case "*":
              return HEAPU32[ptr >> 2];
            default:
              abort(`invalid type for getValue: ${type}`);
          }
        }
        var noExitRuntime = true;
        var stackRestore = (val) => __emscripten_stack_restore(val);
        var stackSave = () => _emscripten_stack_get_current();
        var __abort_js = () => abort("");
        var runtimeKeepaliveCounter = 0;
        var __emscripten_runtime_keepalive_clear = () => {
          noExitRuntime = false;
          runtimeKeepaliveCounter = 0;
        };
        var __emscripten_throw_longjmp = () => {
          throw new EmscriptenSjLj();
        };
        var timers = {};
        var handleException = (e) => {
          if (e instanceof ExitStatus || e == "unwind") {
            return EXITSTATUS;
          }
          quit_(1, e);
        };
        var keepRuntimeAlive = () => noExitRuntime || runtimeKeepaliveCounter > 0;
        var _proc_exit = (code) => {
          EXITSTATUS = code;
          if (!keepRuntimeAlive()) {
            Module["onExit"]?.(code);
            ABORT = true;
          }
          quit_(code, new ExitStatus(code));
        };
        var exitJS = (status, implicit) => {
          EXITSTATUS = status;
          _proc_exit(status);
        };
        var _exit = exitJS;
        var maybeExit = () => {
          if (!keepRuntimeAlive()) {
            try {
              _exit(EXITSTATUS);
            } catch (e) {
              handleException(e);
            }
          }
        };
        var callUserCallback = (func) => {
          if (ABORT) {
            return;
          }
          try {
            return func();
          } catch (e) {
            handleException(e);
          } finally {
            maybeExit();
          }
        };
        var _emscripten_get_now = () => performance.now();
        var __setitimer_js = (which, timeout_ms) => {
          if (timers[which]) {
            clearTimeout(timers[which].id);
            delete timers[which];
          }
          if (!timeout_ms) return 0;
          var id = setTimeout(() => {
            delete timers[which];
            callUserCallback(() => __emscripten_timeout(which, _emscripten_get_now()));
          }, timeout_ms);
          timers[which] = { id, timeout_ms };
          return 0;
        };
        var getHeapMax = () => 1073741824;
        var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
        var growMemory = (size) => {
          var oldHeapSize = wasmMemory.buffer.byteLength;
          var pages = (size - oldHeapSize + 65535) / 65536 | 0;
          try {
            wasmMemory.grow(pages);
            updateMemoryViews();
            return 1;
          } catch (e) {
          }
        };
        var _emscripten_resize_heap = (requestedSize) => {
          var oldSize = HEAPU8.length;
          requestedSize >>>= 0;
          var maxHeapSize = getHeapMax();
          if (requestedSize > maxHeapSize) {
            return false;
          }
          for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
            var overGrownHeapSize = oldSize * (1 + 0.2 / cutDown);
            overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
            var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
            var replacement = growMemory(newSize);
            if (replacement) {
              return true;
            }
          }
          return false;
        };
        var PATH = { isAbs: (path7) => path7.charAt(0) === "/", splitPath: (filename) => {
          var splitPathRe = /^(\/?|)([\s\S]*?)((?:\.{1,2}|[^\/]+?|)(\.[^.\/]*|))(?:[\/]*)$/;
          return splitPathRe.exec(filename).slice(1);
        }, normalizeArray: (parts, allowAboveRoot) => {
          var up = 0;
          for (var i = parts.length - 1; i >= 0; i--) {
            var last = parts[i];
            if (last === ".") {
              parts.splice(i, 1);
            } else if (last === "..") {
              parts.splice(i, 1);
              up++;
            } else if (up) {
              parts.splice(i, 1);
              up--;
            }
          }
          if (allowAboveRoot) {
            for (; up; up--) {
              parts.unshift("..");
            }
          }
          return parts;
        }, normalize: (path7) => {
          var isAbsolute = PATH.isAbs(path7), trailingSlash = path7.slice(-1) === "/";
          path7 = PATH.normalizeArray(path7.split("/").filter((p) => !!p), !isAbsolute).join("/");
          if (!path7 && !isAbsolute) {
            path7 = ".";
          }
          if (path7 && trailingSlash) {
            path7 += "/";
          }
          return (isAbsolute ? "/" : "") + path7;
        }, dirname: (path7) => {
          var result = PATH.splitPath(path7), root = result[0], dir = result[1];
          if (!root && !dir) {
            return ".";
          }
          if (dir) {
            dir = dir.slice(0, -1);
          }
          return root + dir;
        }, basename: (path7) => path7 && path7.match(/([^\/]+|\/)\/*$/)[1], join: (...paths) => PATH.normalize(paths.join("/")), join2: (l, r) => PATH.normalize(l + "/" + r) };
        var initRandomFill = () => {
          if (ENVIRONMENT_IS_NODE) {
            var nodeCrypto = __require("node:crypto");
            return (view) => (nodeCrypto.randomFillSync(view), 0);
          }
          return (view) => (crypto.getRandomValues(view), 0);
        };
        var randomFill = (view) => (randomFill = initRandomFill())(view);
        var PATH_FS = { resolve: (...args) => {
          var resolvedPath = "", resolvedAbsolute = false;
          for (var i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
            var path7 = i >= 0 ? args[i] : FS.cwd();
            if (typeof path7 != "string") {
              throw new TypeError("Arguments to path.resolve must be strings");
            } else if (!path7) {
              return "";
            }
            resolvedPath = path7 + "/" + resolvedPath;
            resolvedAbsolute = PATH.isAbs(path7);
          }
          resolvedPath = PATH.normalizeArray(resolvedPath.split("/").filter((p) => !!p), !resolvedAbsolute).join("/");
          return (resolvedAbsolute ? "/" : "") + resolvedPath || ".";
        }, relative: (from, to) => {
          from = PATH_FS.resolve(from).slice(1);
          to = PATH_FS.resolve(to).slice(1);
          function trim(arr) {
            var start = 0;
            for (; start < arr.length; start++) {
              if (arr[start] !== "") break;
            }
            var end = arr.length - 1;
            for (; end >= 0; end--) {
              if (arr[end] !== "") break;
            }
            if (start > end) return [];
            return arr.slice(start, end - start + 1);
          }
          var fromParts = trim(from.split("/"));
          var toParts = trim(to.split("/"));
          var length = Math.min(fromParts.length, toParts.length);
          var samePartsLength = length;
          for (var i = 0; i < length; i++) {
            if (fromParts[i] !== toParts[i]) {
              samePartsLength = i;
              break;
            }
          }
          var outputParts = [];
          for (var i = samePartsLength; i < fromParts.length; i++) {
            outputParts.push("..");
          }
          outputParts = outputParts.concat(toParts.slice(samePartsLength));
          return outputParts.join("/");
        } };
        var UTF8Decoder = globalThis.TextDecoder && new TextDecoder();
        var findStringEnd = (heapOrArray, idx, maxBytesToRead, ignoreNul) => {
          var maxIdx = idx + maxBytesToRead;
          if (ignoreNul) return maxIdx;
          while (heapOrArray[idx] && !(idx >= maxIdx)) ++idx;
          return idx;
        };
        var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead, ignoreNul) => {
          var endPtr = findStringEnd(heapOrArray, idx, maxBytesToRead, ignoreNul);
          if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
            return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
          }
          var str2 = "";
          while (idx < endPtr) {
            var u0 = heapOrArray[idx++];
            if (!(u0 & 128)) {
              str2 += String.fromCharCode(u0);
              continue;
            }
            var u1 = heapOrArray[idx++] & 63;
            if ((u0 & 224) == 192) {
              str2 += String.fromCharCode((u0 & 31) << 6 | u1);
              continue;
            }
            var u2 = heapOrArray[idx++] & 63;
            if ((u0 & 240) == 224) {
              u0 = (u0 & 15) << 12 | u1 << 6 | u2;
            } else {
              u0 = (u0 & 7) << 18 | u1 << 12 | u2 << 6 | heapOrArray[idx++] & 63;
            }
            if (u0 < 65536) {
              str2 += String.fromCharCode(u0);
            } else {
              var ch = u0 - 65536;
              str2 += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
            }
          }
          return str2;
        };
        var FS_stdin_getChar_buffer = [];
        var lengthBytesUTF8 = (str2) => {
          var len = 0;
          for (var i = 0; i < str2.length; ++i) {
            var c = str2.charCodeAt(i);
            if (c <= 127) {
              len++;
            } else if (c <= 2047) {
              len += 2;
            } else if (c >= 55296 && c <= 57343) {
              len += 4;
              ++i;
            } else {
              len += 3;
            }
          }
          return len;
        };
        var stringToUTF8Array = (str2, heap, outIdx, maxBytesToWrite) => {
          if (!(maxBytesToWrite > 0)) return 0;
          var startIdx = outIdx;
          var endIdx = outIdx + maxBytesToWrite - 1;
          for (var i = 0; i < str2.length; ++i) {
            var u = str2.codePointAt(i);
            if (u <= 127) {
              if (outIdx >= endIdx) break;
              heap[outIdx++] = u;
            } else if (u <= 2047) {
              if (outIdx + 1 >= endIdx) break;
              heap[outIdx++] = 192 | u >> 6;
              heap[outIdx++] = 128 | u & 63;
            } else if (u <= 65535) {
              if (outIdx + 2 >= endIdx) break;
              heap[outIdx++] = 224 | u >> 12;
              heap[outIdx++] = 128 | u >> 6 & 63;
              heap[outIdx++] = 128 | u & 63;
            } else {
              if (outIdx + 3 >= endIdx) break;
              heap[outIdx++] = 240 | u >> 18;
              heap[outIdx++] = 128 | u >> 12 & 63;
              heap[outIdx++] = 128 | u >> 6 & 63;
              heap[outIdx++] = 128 | u & 63;
              i++;
            }
          }
          heap[outIdx] = 0;
          return outIdx - startIdx;
        };
        var intArrayFromString = (stringy, dontAddNull, length) => {
          var len = length > 0 ? length : lengthBytesUTF8(stringy) + 1;
          var u8array = new Array(len);
          var numBytesWritten = stringToUTF8Array(stringy, u8array, 0, u8array.length);
          if (dontAddNull) u8array.length = numBytesWritten;
          return u8array;
        };
        var FS_stdin_getChar = () => {
          if (!FS_stdin_getChar_buffer.length) {
            var result = null;
            if (ENVIRONMENT_IS_NODE) {
              var BUFSIZE = 256;
              var buf = Buffer.alloc(BUFSIZE);
              var bytesRead = 0;
              var fd = process.stdin.fd;
              try {
                bytesRead = fs.readSync(fd, buf, 0, BUFSIZE);
              } catch (e) {
                if (e.toString().includes("EOF")) bytesRead = 0;
                else throw e;
              }
              if (bytesRead > 0) {
                result = buf.slice(0, bytesRead).toString("utf-8");
              }
            } else if (globalThis.window?.prompt) {
              result = window.prompt("Input: ");
              if (result !== null) {
                result += "\n";
              }
            } else {
            }
            if (!result) {
              return null;
            }
            FS_stdin_getChar_buffer = intArrayFromString(result, true);
          }
          return FS_stdin_getChar_buffer.shift();
        };
        var TTY = { ttys: [], init() {
        }, shutdown() {
        }, register(dev, ops) {
          TTY.ttys[dev] = { input: [], output: [], ops };
          FS.registerDevice(dev, TTY.stream_ops);
        }, stream_ops: { open(stream) {
          var tty = TTY.ttys[stream.node.rdev];
          if (!tty) {
            throw new FS.ErrnoError(43);
          }
          stream.tty = tty;
          stream.seekable = false;
        }, close(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, fsync(stream) {
          stream.tty.ops.fsync(stream.tty);
        }, read(stream, buffer, offset, length, pos) {
          if (!stream.tty || !stream.tty.ops.get_char) {
            throw new FS.ErrnoError(60);
          }
          var bytesRead = 0;
          for (var i = 0; i < length; i++) {
            var result;
            try {
              result = stream.tty.ops.get_char(stream.tty);
            } catch (e) {
              throw new FS.ErrnoError(29);
            }
            if (result === void 0 && bytesRead === 0) {
              throw new FS.ErrnoError(6);
            }
            if (result === null || result === void 0) break;
            bytesRead++;
            buffer[offset + i] = result;
          }
          if (bytesRead) {
            stream.node.atime = Date.now();
          }
          return bytesRead;
        }, write(stream, buffer, offset, length, pos) {
          if (!stream.tty || !stream.tty.ops.put_char) {
            throw new FS.ErrnoError(60);
          }
          try {
            for (var i = 0; i < length; i++) {
              stream.tty.ops.put_char(stream.tty, buffer[offset + i]);
            }
          } catch (e) {
            throw new FS.ErrnoError(29);
          }
          if (length) {
            stream.node.mtime = stream.node.ctime = Date.now();
          }
          return i;
        } }, default_tty_ops: { get_char(tty) {
          return FS_stdin_getChar();
        }, put_char(tty, val) {
          if (val === null || val === 10) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        }, fsync(tty) {
          if (tty.output?.length > 0) {
            out(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        }, ioctl_tcgets(tty) {
          return { c_iflag: 25856, c_oflag: 5, c_cflag: 191, c_lflag: 35387, c_cc: [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
        }, ioctl_tcsets(tty, optional_actions, data) {
          return 0;
        }, ioctl_tiocgwinsz(tty) {
          return [24, 80];
        } }, default_tty1_ops: { put_char(tty, val) {
          if (val === null || val === 10) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          } else {
            if (val != 0) tty.output.push(val);
          }
        }, fsync(tty) {
          if (tty.output?.length > 0) {
            err(UTF8ArrayToString(tty.output));
            tty.output = [];
          }
        } } };
        var mmapAlloc = (size) => {
          abort();
        };
        var MEMFS = { ops_table: null, mount(mount) {
          return MEMFS.createNode(null, "/", 16895, 0);
        }, createNode(parent, name, mode, dev) {
          if (FS.isBlkdev(mode) || FS.isFIFO(mode)) {
            throw new FS.ErrnoError(63);
          }
          MEMFS.ops_table ||= { dir: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, lookup: MEMFS.node_ops.lookup, mknod: MEMFS.node_ops.mknod, rename: MEMFS.node_ops.rename, unlink: MEMFS.node_ops.unlink, rmdir: MEMFS.node_ops.rmdir, readdir: MEMFS.node_ops.readdir, symlink: MEMFS.node_ops.symlink }, stream: { llseek: MEMFS.stream_ops.llseek } }, file: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: { llseek: MEMFS.stream_ops.llseek, read: MEMFS.stream_ops.read, write: MEMFS.stream_ops.write, mmap: MEMFS.stream_ops.mmap, msync: MEMFS.stream_ops.msync } }, link: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr, readlink: MEMFS.node_ops.readlink }, stream: {} }, chrdev: { node: { getattr: MEMFS.node_ops.getattr, setattr: MEMFS.node_ops.setattr }, stream: FS.chrdev_stream_ops } };
          var node = FS.createNode(parent, name, mode, dev);
          if (FS.isDir(node.mode)) {
            node.node_ops = MEMFS.ops_table.dir.node;
            node.stream_ops = MEMFS.ops_table.dir.stream;
            node.contents = {};
          } else if (FS.isFile(node.mode)) {
            node.node_ops = MEMFS.ops_table.file.node;
            node.stream_ops = MEMFS.ops_table.file.stream;
            node.usedBytes = 0;
            node.contents = MEMFS.emptyFileContents ??= new Uint8Array(0);
          } else if (FS.isLink(node.mode)) {
            node.node_ops = MEMFS.ops_table.link.node;
            node.stream_ops = MEMFS.ops_table.link.stream;
          } else if (FS.isChrdev(node.mode)) {
            node.node_ops = MEMFS.ops_table.chrdev.node;
            node.stream_ops = MEMFS.ops_table.chrdev.stream;
          }
          node.atime = node.mtime = node.ctime = Date.now();
          if (parent) {
            parent.contents[name] = node;
            parent.atime = parent.mtime = parent.ctime = node.atime;
          }
          return node;
        }, getFileDataAsTypedArray(node) {
          return node.contents.subarray(0, node.usedBytes);
        }, expandFileStorage(node, newCapacity) {
          var prevCapacity = node.contents.length;
          if (prevCapacity >= newCapacity) return;
          var CAPACITY_DOUBLING_MAX = 1024 * 1024;
          newCapacity = Math.max(newCapacity, prevCapacity * (prevCapacity < CAPACITY_DOUBLING_MAX ? 2 : 1.125) >>> 0);
          if (prevCapacity) newCapacity = Math.max(newCapacity, 256);
          var oldContents = MEMFS.getFileDataAsTypedArray(node);
          node.contents = new Uint8Array(newCapacity);
          node.contents.set(oldContents);
        }, resizeFileStorage(node, newSize) {
          if (node.usedBytes == newSize) return;
          var oldContents = node.contents;
          node.contents = new Uint8Array(newSize);
          node.contents.set(oldContents.subarray(0, Math.min(newSize, node.usedBytes)));
          node.usedBytes = newSize;
        }, node_ops: { getattr(node) {
          var attr = {};
          attr.dev = FS.isChrdev(node.mode) ? node.id : 1;
          attr.ino = node.id;
          attr.mode = node.mode;
          attr.nlink = 1;
          attr.uid = 0;
          attr.gid = 0;
          attr.rdev = node.rdev;
          if (FS.isDir(node.mode)) {
            attr.size = 4096;
          } else if (FS.isFile(node.mode)) {
            attr.size = node.usedBytes;
          } else if (FS.isLink(node.mode)) {
            attr.size = node.link.length;
          } else {
            attr.size = 0;
          }
          attr.atime = new Date(node.atime);
          attr.mtime = new Date(node.mtime);
          attr.ctime = new Date(node.ctime);
          attr.blksize = 4096;
          attr.blocks = Math.ceil(attr.size / attr.blksize);
          return attr;
        }, setattr(node, attr) {
          for (const key of ["mode", "atime", "mtime", "ctime"]) {
            if (attr[key] != null) {
              node[key] = attr[key];
            }
          }
          if (attr.size !== void 0) {
            MEMFS.resizeFileStorage(node, attr.size);
          }
        }, lookup(parent, name) {
          if (!MEMFS.doesNotExistError) {
            MEMFS.doesNotExistError = new FS.ErrnoError(44);
            MEMFS.doesNotExistError.stack = "<generic error, no stack>";
          }
          throw MEMFS.doesNotExistError;
        }, mknod(parent, name, mode, dev) {
          return MEMFS.createNode(parent, name, mode, dev);
        }, rename(old_node, new_dir, new_name) {
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch (e) {
          }
          if (new_node) {
            if (FS.isDir(old_node.mode)) {
              for (var i in new_node.contents) {
                throw new FS.ErrnoError(55);
              }
            }
            FS.hashRemoveNode(new_node);
          }
          delete old_node.parent.contents[old_node.name];
          new_dir.contents[new_name] = old_node;
          old_node.name = new_name;
          new_dir.ctime = new_dir.mtime = old_node.parent.ctime = old_node.parent.mtime = Date.now();
        }, unlink(parent, name) {
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        }, rmdir(parent, name) {
          var node = FS.lookupNode(parent, name);
          for (var i in node.contents) {
            throw new FS.ErrnoError(55);
          }
          delete parent.contents[name];
          parent.ctime = parent.mtime = Date.now();
        }, readdir(node) {
          return [".", "..", ...Object.keys(node.contents)];
        }, symlink(parent, newname, oldpath) {
          var node = MEMFS.createNode(parent, newname, 511 | 40960, 0);
          node.link = oldpath;
          return node;
        }, readlink(node) {
          if (!FS.isLink(node.mode)) {
            throw new FS.ErrnoError(28);
          }
          return node.link;
        } }, stream_ops: { read(stream, buffer, offset, length, position) {
          var contents = stream.node.contents;
          if (position >= stream.node.usedBytes) return 0;
          var size = Math.min(stream.node.usedBytes - position, length);
          buffer.set(contents.subarray(position, position + size), offset);
          return size;
        }, write(stream, buffer, offset, length, position, canOwn) {
          if (buffer.buffer === HEAP8.buffer) {
            canOwn = false;
          }
          if (!length) return 0;
          var node = stream.node;
          node.mtime = node.ctime = Date.now();
          if (canOwn) {
            node.contents = buffer.subarray(offset, offset + length);
            node.usedBytes = length;
          } else if (node.usedBytes === 0 && position === 0) {
            node.contents = buffer.slice(offset, offset + length);
            node.usedBytes = length;
          } else {
            MEMFS.expandFileStorage(node, position + length);
            node.contents.set(buffer.subarray(offset, offset + length), position);
            node.usedBytes = Math.max(node.usedBytes, position + length);
          }
          return length;
        }, llseek(stream, offset, whence) {
          var position = offset;
          if (whence === 1) {
            position += stream.position;
          } else if (whence === 2) {
            if (FS.isFile(stream.node.mode)) {
              position += stream.node.usedBytes;
            }
          }
          if (position < 0) {
            throw new FS.ErrnoError(28);
          }
          return position;
        }, mmap(stream, length, position, prot, flags) {
          if (!FS.isFile(stream.node.mode)) {
            throw new FS.ErrnoError(43);
          }
          var ptr;
          var allocated;
          var contents = stream.node.contents;
          if (!(flags & 2) && contents.buffer === HEAP8.buffer) {
            allocated = false;
            ptr = contents.byteOffset;
          } else {
            allocated = true;
            ptr = mmapAlloc(length);
            if (!ptr) {
              throw new FS.ErrnoError(48);
            }
            if (contents) {
              if (position > 0 || position + length < contents.length) {
                if (contents.subarray) {
                  contents = contents.subarray(position, position + length);
                } else {
                  contents = Array.prototype.slice.call(contents, position, position + length);
                }
              }
              HEAP8.set(contents, ptr);
            }
          }
          return { ptr, allocated };
        }, msync(stream, buffer, offset, length, mmapFlags) {
          MEMFS.stream_ops.write(stream, buffer, 0, length, offset, false);
          return 0;
        } } };
        var FS_modeStringToFlags = (str2) => {
          if (typeof str2 != "string") return str2;
          var flagModes = { r: 0, "r+": 2, w: 512 | 64 | 1, "w+": 512 | 64 | 2, a: 1024 | 64 | 1, "a+": 1024 | 64 | 2 };
          var flags = flagModes[str2];
          if (typeof flags == "undefined") {
            throw new Error(`Unknown file open mode: ${str2}`);
          }
          return flags;
        };
        var FS_fileDataToTypedArray = (data) => {
          if (typeof data == "string") {
            data = intArrayFromString(data, true);
          }
          if (!data.subarray) {
            data = new Uint8Array(data);
          }
          return data;
        };
        var FS_getMode = (canRead, canWrite) => {
          var mode = 0;
          if (canRead) mode |= 292 | 73;
          if (canWrite) mode |= 146;
          return mode;
        };
        var asyncLoad = async (url) => {
          var arrayBuffer = await readAsync(url);
          return new Uint8Array(arrayBuffer);
        };
        var FS_createDataFile = (...args) => FS.createDataFile(...args);
        var getUniqueRunDependency = (id) => id;
        var dependenciesPromise = null;
        var resolveRunDependencies = async () => dependenciesPromise;
        var runDependencies = 0;
        var dependenciesPromiseResolve = null;
        var removeRunDependency = (id) => {
          runDependencies--;
          Module["monitorRunDependencies"]?.(runDependencies);
          if (!runDependencies) {
            dependenciesPromiseResolve();
          }
        };
        var addRunDependency = (id) => {
          if (!runDependencies) {
            dependenciesPromise = new Promise((resolve) => dependenciesPromiseResolve = resolve);
          }
          runDependencies++;
          Module["monitorRunDependencies"]?.(runDependencies);
        };
        var preloadPlugins = [];
        var FS_handledByPreloadPlugin = async (byteArray, fullname) => {
          if (typeof Browser != "undefined") Browser.init();
          for (var plugin of preloadPlugins) {
            if (plugin["canHandle"](fullname)) {
              return plugin["handle"](byteArray, fullname);
            }
          }
          return byteArray;
        };
        var FS_preloadFile = async (parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish) => {
          var fullname = name ? PATH_FS.resolve(PATH.join2(parent, name)) : parent;
          var dep = getUniqueRunDependency(`cp ${fullname}`);
          addRunDependency(dep);
          try {
            var byteArray = url;
            if (typeof url == "string") {
              byteArray = await asyncLoad(url);
            }
            byteArray = await FS_handledByPreloadPlugin(byteArray, fullname);
            preFinish?.();
            if (!dontCreateFile) {
              FS_createDataFile(parent, name, byteArray, canRead, canWrite, canOwn);
            }
          } finally {
            removeRunDependency(dep);
          }
        };
        var FS_createPreloadedFile = (parent, name, url, canRead, canWrite, onload, onerror, dontCreateFile, canOwn, preFinish) => {
          FS_preloadFile(parent, name, url, canRead, canWrite, dontCreateFile, canOwn, preFinish).then(onload).catch(onerror);
        };
        var FS = { root: null, mounts: [], devices: {}, streams: [], nextInode: 1, nameTable: null, currentPath: "/", initialized: false, ignorePermissions: true, filesystems: null, syncFSRequests: 0, ErrnoError: class {
          name = "ErrnoError";
          constructor(errno) {
            this.errno = errno;
          }
        }, FSStream: class {
          shared = {};
          get object() {
            return this.node;
          }
          set object(val) {
            this.node = val;
          }
          get isRead() {
            return (this.flags & 2097155) !== 1;
          }
          get isWrite() {
            return (this.flags & 2097155) !== 0;
          }
          get isAppend() {
            return this.flags & 1024;
          }
          get flags() {
            return this.shared.flags;
          }
          set flags(val) {
            this.shared.flags = val;
          }
          get position() {
            return this.shared.position;
          }
          set position(val) {
            this.shared.position = val;
          }
        }, FSNode: class {
          node_ops = {};
          stream_ops = {};
          readMode = 292 | 73;
          writeMode = 146;
          mounted = null;
          constructor(parent, name, mode, rdev) {
            if (!parent) {
              parent = this;
            }
            this.parent = parent;
            this.mount = parent.mount;
            this.id = FS.nextInode++;
            this.name = name;
            this.mode = mode;
            this.rdev = rdev;
            this.atime = this.mtime = this.ctime = Date.now();
          }
          get read() {
            return (this.mode & this.readMode) === this.readMode;
          }
          set read(val) {
            val ? this.mode |= this.readMode : this.mode &= ~this.readMode;
          }
          get write() {
            return (this.mode & this.writeMode) === this.writeMode;
          }
          set write(val) {
            val ? this.mode |= this.writeMode : this.mode &= ~this.writeMode;
          }
          get isFolder() {
            return FS.isDir(this.mode);
          }
          get isDevice() {
            return FS.isChrdev(this.mode);
          }
          addListener(cb, exclusive = false) {
            var entry = { cb, exclusive };
            var listeners = this.listeners ??= /* @__PURE__ */ new Set();
            listeners.add(entry);
            return { listeners, entry };
          }
          notifyListeners(flags) {
            if (!this.listeners) return;
            var excl;
            for (var entry of this.listeners) {
              if (entry.exclusive) (excl ||= []).push(entry);
              else entry.cb(flags);
            }
            if (excl) {
              var i = (this.exclTurn || 0) % excl.length;
              this.exclTurn = i + 1;
              excl[i].cb(flags);
            }
          }
        }, lookupPath(path7, opts = {}) {
          if (!path7) {
            throw new FS.ErrnoError(44);
          }
          opts.follow_mount ??= true;
          if (!PATH.isAbs(path7)) {
            path7 = FS.cwd() + "/" + path7;
          }
          linkloop: for (var nlinks = 0; nlinks < 40; nlinks++) {
            var parts = path7.split("/").filter((p) => !!p);
            var current = FS.root;
            var current_path = "/";
            for (var i = 0; i < parts.length; i++) {
              var islast = i === parts.length - 1;
              if (islast && opts.parent) {
                break;
              }
              if (parts[i] === ".") {
                continue;
              }
              if (parts[i] === "..") {
                current_path = PATH.dirname(current_path);
                if (FS.isRoot(current)) {
                  path7 = current_path + "/" + parts.slice(i + 1).join("/");
                  nlinks--;
                  continue linkloop;
                } else {
                  current = current.parent;
                }
                continue;
              }
              current_path = PATH.join2(current_path, parts[i]);
              try {
                current = FS.lookupNode(current, parts[i]);
              } catch (e) {
                if (e?.errno === 44 && islast && opts.noent_okay) {
                  return { path: current_path };
                }
                throw e;
              }
              if (FS.isMountpoint(current) && (!islast || opts.follow_mount)) {
                current = current.mounted.root;
              }
              if (FS.isLink(current.mode) && (!islast || opts.follow)) {
                if (!current.node_ops.readlink) {
                  throw new FS.ErrnoError(52);
                }
                var link = current.node_ops.readlink(current);
                if (!PATH.isAbs(link)) {
                  link = PATH.dirname(current_path) + "/" + link;
                }
                path7 = link + "/" + parts.slice(i + 1).join("/");
                continue linkloop;
              }
            }
            return { path: current_path, node: current };
          }
          throw new FS.ErrnoError(32);
        }, getPath(node) {
          var path7;
          while (true) {
            if (FS.isRoot(node)) {
              var mount = node.mount.mountpoint;
              if (!path7) return mount;
              return mount[mount.length - 1] !== "/" ? `${mount}/${path7}` : mount + path7;
            }
            path7 = path7 ? `${node.name}/${path7}` : node.name;
            node = node.parent;
          }
        }, hashName(parentid, name) {
          var hash = 0;
          for (var i = 0; i < name.length; i++) {
            hash = (hash << 5) - hash + name.charCodeAt(i) | 0;
          }
          return (parentid + hash >>> 0) % FS.nameTable.length;
        }, hashAddNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          node.name_next = FS.nameTable[hash];
          FS.nameTable[hash] = node;
        }, hashRemoveNode(node) {
          var hash = FS.hashName(node.parent.id, node.name);
          if (FS.nameTable[hash] === node) {
            FS.nameTable[hash] = node.name_next;
          } else {
            var current = FS.nameTable[hash];
            while (current) {
              if (current.name_next === node) {
                current.name_next = node.name_next;
                break;
              }
              current = current.name_next;
            }
          }
        }, lookupNode(parent, name) {
          var errCode = FS.mayLookup(parent);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          var hash = FS.hashName(parent.id, name);
          for (var node = FS.nameTable[hash]; node; node = node.name_next) {
            var nodeName = node.name;
            if (node.parent.id === parent.id && nodeName === name) {
              return node;
            }
          }
          return FS.lookup(parent, name);
        }, createNode(parent, name, mode, rdev) {
          var node = new FS.FSNode(parent, name, mode, rdev);
          FS.hashAddNode(node);
          return node;
        }, destroyNode(node) {
          FS.hashRemoveNode(node);
        }, isRoot(node) {
          return node === node.parent;
        }, isMountpoint(node) {
          return !!node.mounted;
        }, isFile(mode) {
          return (mode & 61440) === 32768;
        }, isDir(mode) {
          return (mode & 61440) === 16384;
        }, isLink(mode) {
          return (mode & 61440) === 40960;
        }, isChrdev(mode) {
          return (mode & 61440) === 8192;
        }, isBlkdev(mode) {
          return (mode & 61440) === 24576;
        }, isFIFO(mode) {
          return (mode & 61440) === 4096;
        }, isSocket(mode) {
          return (mode & 49152) === 49152;
        }, flagsToPermissionString(flag) {
          var perms = ["r", "w", "rw"][flag & 3];
          if (flag & 512) {
            perms += "w";
          }
          return perms;
        }, nodePermissions(node, perms) {
          if (FS.ignorePermissions) {
            return 0;
          }
          if (perms.includes("r") && !(node.mode & 292)) {
            return 2;
          }
          if (perms.includes("w") && !(node.mode & 146)) {
            return 2;
          }
          if (perms.includes("x") && !(node.mode & 73)) {
            return 2;
          }
          return 0;
        }, mayLookup(dir) {
          if (!FS.isDir(dir.mode)) return 54;
          var errCode = FS.nodePermissions(dir, "x");
          if (errCode) return errCode;
          if (!dir.node_ops.lookup) return 2;
          return 0;
        }, mayCreate(dir, name) {
          if (!FS.isDir(dir.mode)) {
            return 54;
          }
          try {
            var node = FS.lookupNode(dir, name);
            return 20;
          } catch (e) {
          }
          return FS.nodePermissions(dir, "wx");
        }, mayDelete(dir, name, isdir) {
          var node;
          try {
            node = FS.lookupNode(dir, name);
          } catch (e) {
            return e.errno;
          }
          var errCode = FS.nodePermissions(dir, "wx");
          if (errCode) {
            return errCode;
          }
          if (isdir) {
            if (!FS.isDir(node.mode)) {
              return 54;
            }
            if (FS.isRoot(node) || FS.getPath(node) === FS.cwd()) {
              return 10;
            }
          } else if (FS.isDir(node.mode)) {
            return 31;
          }
          return 0;
        }, mayOpen(node, flags) {
          if (!node) {
            return 44;
          }
          if (FS.isLink(node.mode)) {
            return 32;
          }
          var mode = FS.flagsToPermissionString(flags);
          if (FS.isDir(node.mode)) {
            if (mode !== "r" || flags & (512 | 64)) {
              return 31;
            }
          }
          return FS.nodePermissions(node, mode);
        }, checkOpExists(op, err2) {
          if (!op) {
            throw new FS.ErrnoError(err2);
          }
          return op;
        }, MAX_OPEN_FDS: 4096, nextfd() {
          for (var fd = 0; fd <= FS.MAX_OPEN_FDS; fd++) {
            if (!FS.streams[fd]) {
              return fd;
            }
          }
          throw new FS.ErrnoError(33);
        }, getStreamChecked(fd) {
          var stream = FS.getStream(fd);
          if (!stream) {
            throw new FS.ErrnoError(8);
          }
          return stream;
        }, getStream: (fd) => FS.streams[fd], createStream(stream, fd = -1) {
          stream = Object.assign(new FS.FSStream(), stream);
          if (fd == -1) {
            fd = FS.nextfd();
          }
          stream.fd = fd;
          FS.streams[fd] = stream;
          return stream;
        }, closeStream(fd) {
          FS.streams[fd] = null;
        }, dupStream(origStream, fd = -1) {
          var stream = FS.createStream(origStream, fd);
          stream.stream_ops?.dup?.(stream);
          return stream;
        }, doSetAttr(stream, node, attr) {
          var setattr = stream?.stream_ops.setattr;
          var arg = setattr ? stream : node;
          setattr ??= node.node_ops.setattr;
          FS.checkOpExists(setattr, 63);
          try {
            setattr(arg, attr);
          } catch (e) {
            if (e instanceof RangeError) {
              throw new FS.ErrnoError(22);
            }
            throw e;
          }
        }, chrdev_stream_ops: { open(stream) {
          var device = FS.getDevice(stream.node.rdev);
          stream.stream_ops = device.stream_ops;
          stream.stream_ops.open?.(stream);
        }, llseek() {
          throw new FS.ErrnoError(70);
        } }, major: (dev) => dev >> 8, minor: (dev) => dev & 255, makedev: (ma, mi) => ma << 8 | mi, registerDevice(dev, ops) {
          FS.devices[dev] = { stream_ops: ops };
        }, getDevice: (dev) => FS.devices[dev], getMounts(mount) {
          var mounts = [];
          var check = [mount];
          while (check.length) {
            var m = check.pop();
            mounts.push(m);
            check.push(...m.mounts);
          }
          return mounts;
        }, syncfs(populate, callback) {
          if (typeof populate == "function") {
            callback = populate;
            populate = false;
          }
          FS.syncFSRequests++;
          if (FS.syncFSRequests > 1) {
            err(`warning: ${FS.syncFSRequests} FS.syncfs operations in flight at once, probably just doing extra work`);
          }
          var mounts = FS.getMounts(FS.root.mount);
          var completed = 0;
          function doCallback(errCode) {
            FS.syncFSRequests--;
            return callback(errCode);
          }
          function done(errCode) {
            if (errCode) {
              if (!done.errored) {
                done.errored = true;
                return doCallback(errCode);
              }
              return;
            }
            if (++completed >= mounts.length) {
              doCallback(null);
            }
          }
          for (var mount of mounts) {
            if (mount.type.syncfs) {
              mount.type.syncfs(mount, populate, done);
            } else {
              done(null);
            }
          }
        }, mount(type, opts, mountpoint) {
          var root = mountpoint === "/";
          var pseudo = !mountpoint;
          var node;
          if (root && FS.root) {
            throw new FS.ErrnoError(10);
          } else if (!root && !pseudo) {
            var lookup = FS.lookupPath(mountpoint, { follow_mount: false });
            mountpoint = lookup.path;
            node = lookup.node;
            if (FS.isMountpoint(node)) {
              throw new FS.ErrnoError(10);
            }
            if (!FS.isDir(node.mode)) {
              throw new FS.ErrnoError(54);
            }
          }
          var mount = { type, opts, mountpoint, mounts: [] };
          var mountRoot = type.mount(mount);
          mountRoot.mount = mount;
          mount.root = mountRoot;
          if (root) {
            FS.root = mountRoot;
          } else if (node) {
            node.mounted = mount;
            if (node.mount) {
              node.mount.mounts.push(mount);
            }
          }
          return mountRoot;
        }, unmount(mountpoint) {
          var lookup = FS.lookupPath(mountpoint, { follow_mount: false });
          if (!FS.isMountpoint(lookup.node)) {
            throw new FS.ErrnoError(28);
          }
          var node = lookup.node;
          var mount = node.mounted;
          var mounts = FS.getMounts(mount);
          for (var [hash, current] of Object.entries(FS.nameTable)) {
            while (current) {
              var next = current.name_next;
              if (mounts.includes(current.mount)) {
                FS.destroyNode(current);
              }
              current = next;
            }
          }
          node.mounted = null;
          var idx = node.mount.mounts.indexOf(mount);
          node.mount.mounts.splice(idx, 1);
        }, lookup(parent, name) {
          return parent.node_ops.lookup(parent, name);
        }, mknod(path7, mode, dev) {
          var lookup = FS.lookupPath(path7, { parent: true });
          var parent = lookup.node;
          var name = PATH.basename(path7);
          if (!name) {
            throw new FS.ErrnoError(28);
          }
          if (name === "." || name === "..") {
            throw new FS.ErrnoError(20);
          }
          var errCode = FS.mayCreate(parent, name);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.mknod) {
            throw new FS.ErrnoError(63);
          }
          return parent.node_ops.mknod(parent, name, mode, dev);
        }, statfs(path7) {
          return FS.statfsNode(FS.lookupPath(path7, { follow: true }).node);
        }, statfsStream(stream) {
          return FS.statfsNode(stream.node);
        }, statfsNode(node) {
          var rtn = { bsize: 4096, frsize: 4096, blocks: 1e6, bfree: 5e5, bavail: 5e5, files: FS.nextInode, ffree: FS.nextInode - 1, fsid: 42, flags: 2, namelen: 255 };
          if (node.node_ops.statfs) {
            Object.assign(rtn, node.node_ops.statfs(node.mount.opts.root));
          }
          return rtn;
        }, create(path7, mode = 438) {
          mode &= 4095;
          mode |= 32768;
          return FS.mknod(path7, mode, 0);
        }, mkdir(path7, mode = 511) {
          mode &= 511 | 512;
          mode |= 16384;
          return FS.mknod(path7, mode, 0);
        }, mkdirTree(path7, mode) {
          var dirs = path7.split("/");
          var d = "";
          for (var dir of dirs) {
            if (!dir) continue;
            if (d || PATH.isAbs(path7)) d += "/";
            d += dir;
            try {
              FS.mkdir(d, mode);
            } catch (e) {
              if (e.errno != 20) throw e;
            }
          }
        }, mkdev(path7, mode, dev) {
          if (typeof dev == "undefined") {
            dev = mode;
            mode = 438;
          }
          mode |= 8192;
          return FS.mknod(path7, mode, dev);
        }, symlink(oldpath, newpath) {
          if (!PATH_FS.resolve(oldpath)) {
            throw new FS.ErrnoError(44);
          }
          var lookup = FS.lookupPath(newpath, { parent: true });
          var parent = lookup.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var newname = PATH.basename(newpath);
          var errCode = FS.mayCreate(parent, newname);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.symlink) {
            throw new FS.ErrnoError(63);
          }
          return parent.node_ops.symlink(parent, newname, oldpath);
        }, link(oldpath, newpath, flags) {
          var lookup = FS.lookupPath(newpath, { parent: true });
          var parent = lookup.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var newname = PATH.basename(newpath);
          var errCode = FS.mayCreate(parent, newname);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.link) {
            throw new FS.ErrnoError(34);
          }
          return parent.node_ops.link(parent, newname, oldpath, flags);
        }, rename(old_path, new_path) {
          var old_dirname = PATH.dirname(old_path);
          var new_dirname = PATH.dirname(new_path);
          var old_name = PATH.basename(old_path);
          var new_name = PATH.basename(new_path);
          var lookup, old_dir, new_dir;
          lookup = FS.lookupPath(old_path, { parent: true });
          old_dir = lookup.node;
          lookup = FS.lookupPath(new_path, { parent: true });
          new_dir = lookup.node;
          if (!old_dir || !new_dir) throw new FS.ErrnoError(44);
          if (old_dir.mount !== new_dir.mount) {
            throw new FS.ErrnoError(75);
          }
          var old_node = FS.lookupNode(old_dir, old_name);
          var relative = PATH_FS.relative(old_path, new_dirname);
          if (relative.charAt(0) !== ".") {
            throw new FS.ErrnoError(28);
          }
          relative = PATH_FS.relative(new_path, old_dirname);
          if (relative.charAt(0) !== ".") {
            throw new FS.ErrnoError(55);
          }
          var new_node;
          try {
            new_node = FS.lookupNode(new_dir, new_name);
          } catch (e) {
          }
          if (old_node === new_node) {
            return;
          }
          var isdir = FS.isDir(old_node.mode);
          var errCode = FS.mayDelete(old_dir, old_name, isdir);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          errCode = new_node ? FS.mayDelete(new_dir, new_name, isdir) : FS.mayCreate(new_dir, new_name);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!old_dir.node_ops.rename) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(old_node) || new_node && FS.isMountpoint(new_node)) {
            throw new FS.ErrnoError(10);
          }
          if (new_dir !== old_dir) {
            errCode = FS.nodePermissions(old_dir, "w");
            if (errCode) {
              throw new FS.ErrnoError(errCode);
            }
          }
          FS.hashRemoveNode(old_node);
          try {
            old_dir.node_ops.rename(old_node, new_dir, new_name);
            old_node.parent = new_dir;
          } catch (e) {
            throw e;
          } finally {
            FS.hashAddNode(old_node);
          }
        }, rmdir(path7) {
          var lookup = FS.lookupPath(path7, { parent: true });
          var parent = lookup.node;
          var name = PATH.basename(path7);
          var node = FS.lookupNode(parent, name);
          var errCode = FS.mayDelete(parent, name, true);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.rmdir) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(node)) {
            throw new FS.ErrnoError(10);
          }
          parent.node_ops.rmdir(parent, name);
          FS.destroyNode(node);
        }, readdir(path7) {
          var lookup = FS.lookupPath(path7, { follow: true });
          var node = lookup.node;
          var readdir = FS.checkOpExists(node.node_ops.readdir, 54);
          return readdir(node);
        }, unlink(path7) {
          var lookup = FS.lookupPath(path7, { parent: true });
          var parent = lookup.node;
          if (!parent) {
            throw new FS.ErrnoError(44);
          }
          var name = PATH.basename(path7);
          var node = FS.lookupNode(parent, name);
          var errCode = FS.mayDelete(parent, name, false);
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          if (!parent.node_ops.unlink) {
            throw new FS.ErrnoError(63);
          }
          if (FS.isMountpoint(node)) {
            throw new FS.ErrnoError(10);
          }
          parent.node_ops.unlink(parent, name);
          FS.destroyNode(node);
        }, readlink(path7) {
          var lookup = FS.lookupPath(path7);
          var link = lookup.node;
          if (!link) {
            throw new FS.ErrnoError(44);
          }
          if (!link.node_ops.readlink) {
            throw new FS.ErrnoError(28);
          }
          return link.node_ops.readlink(link);
        }, stat(path7, dontFollow) {
          var lookup = FS.lookupPath(path7, { follow: !dontFollow });
          var node = lookup.node;
          var getattr = FS.checkOpExists(node.node_ops.getattr, 63);
          return getattr(node);
        }, fstat(fd) {
          var stream = FS.getStreamChecked(fd);
          var node = stream.node;
          var getattr = stream.stream_ops.getattr;
          var arg = getattr ? stream : node;
          getattr ??= node.node_ops.getattr;
          FS.checkOpExists(getattr, 63);
          return getattr(arg);
        }, lstat(path7) {
          return FS.stat(path7, true);
        }, doChmod(stream, node, mode, dontFollow) {
          FS.doSetAttr(stream, node, { mode: mode & 4095 | node.mode & ~4095, ctime: Date.now(), dontFollow });
        }, chmod(path7, mode, dontFollow) {
          var node;
          if (typeof path7 == "string") {
            var lookup = FS.lookupPath(path7, { follow: !dontFollow });
            node = lookup.node;
          } else {
            node = path7;
          }
          FS.doChmod(null, node, mode, dontFollow);
        }, lchmod(path7, mode) {
          FS.chmod(path7, mode, true);
        }, fchmod(fd, mode) {
          var stream = FS.getStreamChecked(fd);
          FS.doChmod(stream, stream.node, mode, false);
        }, doChown(stream, node, dontFollow) {
          FS.doSetAttr(stream, node, { timestamp: Date.now(), dontFollow });
        }, chown(path7, uid, gid, dontFollow) {
          var node;
          if (typeof path7 == "string") {
            var lookup = FS.lookupPath(path7, { follow: !dontFollow });
            node = lookup.node;
          } else {
            node = path7;
          }
          FS.doChown(null, node, dontFollow);
        }, lchown(path7, uid, gid) {
          FS.chown(path7, uid, gid, true);
        }, fchown(fd, uid, gid) {
          var stream = FS.getStreamChecked(fd);
          FS.doChown(stream, stream.node, false);
        }, doTruncate(stream, node, len) {
          if (FS.isDir(node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!FS.isFile(node.mode)) {
            throw new FS.ErrnoError(28);
          }
          var errCode = FS.nodePermissions(node, "w");
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          FS.doSetAttr(stream, node, { size: len, timestamp: Date.now() });
        }, truncate(path7, len) {
          if (len < 0) {
            throw new FS.ErrnoError(28);
          }
          var node;
          if (typeof path7 == "string") {
            var lookup = FS.lookupPath(path7, { follow: true });
            node = lookup.node;
          } else {
            node = path7;
          }
          FS.doTruncate(null, node, len);
        }, ftruncate(fd, len) {
          var stream = FS.getStreamChecked(fd);
          if (len < 0 || (stream.flags & 2097155) === 0) {
            throw new FS.ErrnoError(28);
          }
          FS.doTruncate(stream, stream.node, len);
        }, utime(path7, atime, mtime, dontFollow) {
          var lookup = FS.lookupPath(path7, { follow: !dontFollow });
          FS.doSetAttr(null, lookup.node, { atime, mtime, dontFollow });
        }, open(path7, flags, mode = 438) {
          if (path7 === "") {
            throw new FS.ErrnoError(44);
          }
          flags = FS_modeStringToFlags(flags);
          if (flags & 64) {
            mode = mode & 4095 | 32768;
          } else {
            mode = 0;
          }
          var node;
          var isDirPath;
          if (typeof path7 == "object") {
            node = path7;
          } else {
            isDirPath = path7.endsWith("/");
            var lookup = FS.lookupPath(path7, { follow: !(flags & 131072), noent_okay: true });
            node = lookup.node;
            path7 = lookup.path;
          }
          var created2 = false;
          if (flags & 64) {
            if (node) {
              if (flags & 128) {
                throw new FS.ErrnoError(20);
              }
            } else if (isDirPath) {
              throw new FS.ErrnoError(31);
            } else {
              node = FS.mknod(path7, mode | 511, 0);
              created2 = true;
            }
          }
          if (!node) {
            throw new FS.ErrnoError(44);
          }
          if (FS.isChrdev(node.mode)) {
            flags &= ~512;
          }
          if (flags & 65536 && !FS.isDir(node.mode)) {
            throw new FS.ErrnoError(54);
          }
          if (!created2) {
            var errCode = FS.mayOpen(node, flags);
            if (errCode) {
              throw new FS.ErrnoError(errCode);
            }
          }
          if (flags & 512 && !created2) {
            FS.truncate(node, 0);
          }
          flags &= ~(128 | 512 | 131072);
          var stream = FS.createStream({ node, path: FS.getPath(node), flags, seekable: true, position: 0, stream_ops: node.stream_ops, ungotten: [], error: false });
          if (stream.stream_ops.open) {
            stream.stream_ops.open(stream);
          }
          if (created2) {
            FS.chmod(node, mode & 511);
          }
          return stream;
        }, close(stream) {
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if (stream.getdents) stream.getdents = null;
          stream.node?.notifyListeners(32);
          try {
            if (stream.stream_ops.close) {
              stream.stream_ops.close(stream);
            }
          } catch (e) {
            throw e;
          } finally {
            FS.closeStream(stream.fd);
          }
          stream.fd = null;
        }, isClosed(stream) {
          return stream.fd === null;
        }, llseek(stream, offset, whence) {
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if (!stream.seekable || !stream.stream_ops.llseek) {
            throw new FS.ErrnoError(70);
          }
          if (whence != 0 && whence != 1 && whence != 2) {
            throw new FS.ErrnoError(28);
          }
          stream.position = stream.stream_ops.llseek(stream, offset, whence);
          stream.ungotten = [];
          return stream.position;
        }, read(stream, buffer, offset, length, position) {
          if (length < 0 || position < 0) {
            throw new FS.ErrnoError(28);
          }
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if ((stream.flags & 2097155) === 1) {
            throw new FS.ErrnoError(8);
          }
          if (FS.isDir(stream.node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!stream.stream_ops.read) {
            throw new FS.ErrnoError(28);
          }
          var seeking = typeof position != "undefined";
          if (!seeking) {
            position = stream.position;
          } else if (!stream.seekable) {
            throw new FS.ErrnoError(70);
          }
          var bytesRead = stream.stream_ops.read(stream, buffer, offset, length, position);
          if (!seeking) stream.position += bytesRead;
          return bytesRead;
        }, write(stream, buffer, offset, length, position, canOwn) {
          if (length < 0 || position < 0) {
            throw new FS.ErrnoError(28);
          }
          if (FS.isClosed(stream)) {
            throw new FS.ErrnoError(8);
          }
          if ((stream.flags & 2097155) === 0) {
            throw new FS.ErrnoError(8);
          }
          if (FS.isDir(stream.node.mode)) {
            throw new FS.ErrnoError(31);
          }
          if (!stream.stream_ops.write) {
            throw new FS.ErrnoError(28);
          }
          if (stream.seekable && stream.flags & 1024) {
            FS.llseek(stream, 0, 2);
          }
          var seeking = typeof position != "undefined";
          if (!seeking) {
            position = stream.position;
          } else if (!stream.seekable) {
            throw new FS.ErrnoError(70);
          }
          var bytesWritten = stream.stream_ops.write(stream, buffer, offset, length, position, canOwn);
          if (!seeking) stream.position += bytesWritten;
          return bytesWritten;
        }, mmap(stream, length, position, prot, flags) {
          if ((prot & 2) !== 0 && (flags & 2) === 0 && (stream.flags & 2097155) !== 2) {
            throw new FS.ErrnoError(2);
          }
          if ((stream.flags & 2097155) === 1) {
            throw new FS.ErrnoError(2);
          }
          if (!stream.stream_ops.mmap) {
            throw new FS.ErrnoError(43);
          }
          if (!length) {
            throw new FS.ErrnoError(28);
          }
          return stream.stream_ops.mmap(stream, length, position, prot, flags);
        }, msync(stream, buffer, offset, length, mmapFlags) {
          if (!stream.stream_ops.msync) {
            return 0;
          }
          return stream.stream_ops.msync(stream, buffer, offset, length, mmapFlags);
        }, ioctl(stream, cmd, arg) {
          if (!stream.stream_ops.ioctl) {
            throw new FS.ErrnoError(59);
          }
          return stream.stream_ops.ioctl(stream, cmd, arg);
        }, readFile(path7, opts = {}) {
          opts.flags = opts.flags ?? 0;
          opts.encoding = opts.encoding ?? "binary";
          if (opts.encoding !== "utf8" && opts.encoding !== "binary") {
            abort(`Invalid encoding type "${opts.encoding}"`);
          }
          var stream = FS.open(path7, opts.flags);
          var stat = FS.stat(path7);
          var length = stat.size;
          var buf = new Uint8Array(length);
          FS.read(stream, buf, 0, length, 0);
          if (opts.encoding === "utf8") {
            buf = UTF8ArrayToString(buf);
          }
          FS.close(stream);
          return buf;
        }, writeFile(path7, data, opts = {}) {
          opts.flags = opts.flags ?? 577;
          var stream = FS.open(path7, opts.flags, opts.mode);
          data = FS_fileDataToTypedArray(data);
          FS.write(stream, data, 0, data.byteLength, void 0, opts.canOwn);
          FS.close(stream);
        }, cwd: () => FS.currentPath, chdir(path7) {
          var lookup = FS.lookupPath(path7, { follow: true });
          if (lookup.node === null) {
            throw new FS.ErrnoError(44);
          }
          if (!FS.isDir(lookup.node.mode)) {
            throw new FS.ErrnoError(54);
          }
          var errCode = FS.nodePermissions(lookup.node, "x");
          if (errCode) {
            throw new FS.ErrnoError(errCode);
          }
          FS.currentPath = lookup.path;
        }, createDefaultDirectories() {
          FS.mkdir("/tmp");
          FS.mkdir("/home");
          FS.mkdir("/home/web_user");
        }, createDefaultDevices() {
          FS.mkdir("/dev");
          FS.registerDevice(FS.makedev(1, 3), { read: () => 0, write: (stream, buffer, offset, length, pos) => length, llseek: () => 0 });
          FS.mkdev("/dev/null", FS.makedev(1, 3));
          TTY.register(FS.makedev(5, 0), TTY.default_tty_ops);
          TTY.register(FS.makedev(6, 0), TTY.default_tty1_ops);
          FS.mkdev("/dev/tty", FS.makedev(5, 0));
          FS.mkdev("/dev/tty1", FS.makedev(6, 0));
          var randomBuffer = new Uint8Array(1024), randomLeft = 0;
          var randomByte = () => {
            if (randomLeft === 0) {
              randomFill(randomBuffer);
              randomLeft = randomBuffer.byteLength;
            }
            return randomBuffer[--randomLeft];
          };
          FS.createDevice("/dev", "random", randomByte);
          FS.createDevice("/dev", "urandom", randomByte);
          FS.mkdir("/dev/shm");
          FS.mkdir("/dev/shm/tmp");
        }, createSpecialDirectories() {
          FS.mkdir("/proc");
          var proc_self = FS.mkdir("/proc/self");
          FS.mkdir("/proc/self/fd");
          FS.mount({ mount() {
            var node = FS.createNode(proc_self, "fd", 16895, 73);
            node.stream_ops = { llseek: MEMFS.stream_ops.llseek };
            node.node_ops = { lookup(parent, name) {
              var fd = +name;
              var stream = FS.getStreamChecked(fd);
              var ret = { parent: null, mount: { mountpoint: "fake" }, node_ops: { readlink: () => stream.path }, id: fd + 1 };
              ret.parent = ret;
              return ret;
            }, readdir() {
              return Array.from(FS.streams.entries()).filter(([k, v]) => v).map(([k, v]) => k.toString());
            } };
            return node;
          } }, {}, "/proc/self/fd");
        }, createStandardStreams(input, output, error) {
          if (input) {
            FS.createDevice("/dev", "stdin", input);
          } else {
            FS.symlink("/dev/tty", "/dev/stdin");
          }
          if (output) {
            FS.createDevice("/dev", "stdout", null, output);
          } else {
            FS.symlink("/dev/tty", "/dev/stdout");
          }
          if (error) {
            FS.createDevice("/dev", "stderr", null, error);
          } else {
            FS.symlink("/dev/tty1", "/dev/stderr");
          }
          var stdin = FS.open("/dev/stdin", 0);
          var stdout = FS.open("/dev/stdout", 1);
          var stderr = FS.open("/dev/stderr", 1);
        }, staticInit() {
          FS.nameTable = new Array(4096);
          FS.mount(MEMFS, {}, "/");
          FS.createDefaultDirectories();
          FS.createDefaultDevices();
          FS.createSpecialDirectories();
          FS.filesystems = { MEMFS };
        }, init(input, output, error) {
          FS.initialized = true;
          input ??= Module["stdin"];
          output ??= Module["stdout"];
          error ??= Module["stderr"];
          FS.createStandardStreams(input, output, error);
        }, quit() {
          FS.initialized = false;
          for (var stream of FS.streams) {
            if (stream) {
              FS.close(stream);
            }
          }
        }, findObject(path7, dontResolveLastLink) {
          var ret = FS.analyzePath(path7, dontResolveLastLink);
          if (!ret.exists) {
            return null;
          }
          return ret.object;
        }, analyzePath(path7, dontResolveLastLink) {
          try {
            var lookup = FS.lookupPath(path7, { follow: !dontResolveLastLink });
            path7 = lookup.path;
          } catch (e) {
          }
          var ret = { isRoot: false, exists: false, error: 0, name: null, path: null, object: null, parentExists: false, parentPath: null, parentObject: null };
          try {
            var lookup = FS.lookupPath(path7, { parent: true });
            ret.parentExists = true;
            ret.parentPath = lookup.path;
            ret.parentObject = lookup.node;
            ret.name = PATH.basename(path7);
            lookup = FS.lookupPath(path7, { follow: !dontResolveLastLink });
            ret.exists = true;
            ret.path = lookup.path;
            ret.object = lookup.node;
            ret.name = lookup.node.name;
            ret.isRoot = lookup.path === "/";
          } catch (e) {
            ret.error = e.errno;
          }
          return ret;
        }, createPath(parent, path7, canRead, canWrite) {
          parent = typeof parent == "string" ? parent : FS.getPath(parent);
          var parts = path7.split("/").reverse();
          while (parts.length) {
            var part = parts.pop();
            if (!part) continue;
            var current = PATH.join2(parent, part);
            try {
              FS.mkdir(current);
            } catch (e) {
              if (e.errno != 20) throw e;
            }
            parent = current;
          }
          return current;
        }, createFile(parent, name, properties, canRead, canWrite) {
          var path7 = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
          var mode = FS_getMode(canRead, canWrite);
          return FS.create(path7, mode);
        }, createDataFile(parent, name, data, canRead, canWrite, canOwn) {
          var path7 = name;
          if (parent) {
            parent = typeof parent == "string" ? parent : FS.getPath(parent);
            path7 = name ? PATH.join2(parent, name) : parent;
          }
          var mode = FS_getMode(canRead, canWrite);
          var node = FS.create(path7, mode);
          if (data) {
            data = FS_fileDataToTypedArray(data);
            FS.chmod(node, mode | 146);
            var stream = FS.open(node, 577);
            FS.write(stream, data, 0, data.length, 0, canOwn);
            FS.close(stream);
            FS.chmod(node, mode);
          }
        }, createDevice(parent, name, input, output) {
          var path7 = PATH.join2(typeof parent == "string" ? parent : FS.getPath(parent), name);
          var mode = FS_getMode(!!input, !!output);
          FS.createDevice.major ??= 64;
          var dev = FS.makedev(FS.createDevice.major++, 0);
          FS.registerDevice(dev, { open(stream) {
            stream.seekable = false;
          }, close(stream) {
            if (output?.buffer?.length) {
              output(10);
            }
          }, read(stream, buffer, offset, length, pos) {
            var bytesRead = 0;
            for (var i = 0; i < length; i++) {
              var result;
              try {
                result = input();
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
              if (result === void 0 && bytesRead === 0) {
                throw new FS.ErrnoError(6);
              }
              if (result === null || result === void 0) break;
              bytesRead++;
              buffer[offset + i] = result;
            }
            if (bytesRead) {
              stream.node.atime = Date.now();
            }
            return bytesRead;
          }, write(stream, buffer, offset, length, pos) {
            for (var i = 0; i < length; i++) {
              try {
                output(buffer[offset + i]);
              } catch (e) {
                throw new FS.ErrnoError(29);
              }
            }
            if (length) {
              stream.node.mtime = stream.node.ctime = Date.now();
            }
            return i;
          } });
          return FS.mkdev(path7, mode, dev);
        }, forceLoadFile(obj) {
          if (obj.isDevice || obj.isFolder || obj.link || obj.contents) return true;
          if (globalThis.XMLHttpRequest) {
            abort("Lazy loading should have been performed (contents set) in createLazyFile, but it was not. Lazy loading only works in web workers. Use --embed-file or --preload-file in emcc on the main thread.");
          } else {
            try {
              obj.contents = readBinary(obj.url);
            } catch (e) {
              throw new FS.ErrnoError(29);
            }
          }
        }, createLazyFile(parent, name, url, canRead, canWrite) {
          class LazyUint8Array {
            lengthKnown = false;
            chunks = [];
            get(idx) {
              if (idx > this.length - 1 || idx < 0) {
                return void 0;
              }
              var chunkOffset = idx % this.chunkSize;
              var chunkNum = idx / this.chunkSize | 0;
              return this.getter(chunkNum)[chunkOffset];
            }
            setDataGetter(getter) {
              this.getter = getter;
            }
            cacheLength() {
              var xhr = new XMLHttpRequest();
              xhr.open("HEAD", url, false);
              xhr.send(null);
              if (!(xhr.status >= 200 && xhr.status < 300 || xhr.status === 304)) abort("Couldn't load " + url + ". Status: " + xhr.status);
              var datalength = Number(xhr.getResponseHeader("Content-length"));
              var header;
              var hasByteServing = (header = xhr.getResponseHeader("Accept-Ranges")) && header === "bytes";
              var usesGzip = (header = xhr.getResponseHeader("Content-Encoding")) && header === "gzip";
              var chunkSize = 1024 * 1024;
              if (!hasByteServing) chunkSize = datalength;
              var doXHR = (from, to) => {
                if (from > to) abort(`invalid range (${from}, ${to}) or no bytes requested!`);
                if (to > datalength - 1) abort(`only ${datalength} bytes available! programmer error!`);
                var xhr2 = new XMLHttpRequest();
                xhr2.open("GET", url, false);
                if (datalength !== chunkSize) xhr2.setRequestHeader("Range", "bytes=" + from + "-" + to);
                xhr2.responseType = "arraybuffer";
                if (xhr2.overrideMimeType) {
                  xhr2.overrideMimeType("text/plain; charset=x-user-defined");
                }
                xhr2.send(null);
                if (!(xhr2.status >= 200 && xhr2.status < 300 || xhr2.status === 304)) abort("Couldn't load " + url + ". Status: " + xhr2.status);
                if (xhr2.response !== void 0) {
                  return new Uint8Array(xhr2.response || []);
                }
                return intArrayFromString(xhr2.responseText ?? "", true);
              };
              var lazyArray2 = this;
              lazyArray2.setDataGetter((chunkNum) => {
                var start = chunkNum * chunkSize;
                var end = (chunkNum + 1) * chunkSize - 1;
                end = Math.min(end, datalength - 1);
                if (typeof lazyArray2.chunks[chunkNum] == "undefined") {
                  lazyArray2.chunks[chunkNum] = doXHR(start, end);
                }
                if (typeof lazyArray2.chunks[chunkNum] == "undefined") abort("doXHR failed!");
                return lazyArray2.chunks[chunkNum];
              });
              if (usesGzip || !datalength) {
                chunkSize = datalength = 1;
                datalength = this.getter(0).length;
                chunkSize = datalength;
                out("LazyFiles on gzip forces download of the whole file when length is accessed");
              }
              this._length = datalength;
              this._chunkSize = chunkSize;
              this.lengthKnown = true;
            }
            get length() {
              if (!this.lengthKnown) {
                this.cacheLength();
              }
              return this._length;
            }
            get chunkSize() {
              if (!this.lengthKnown) {
                this.cacheLength();
              }
              return this._chunkSize;
            }
          }
          if (globalThis.XMLHttpRequest) {
            if (!ENVIRONMENT_IS_WORKER) abort("Cannot do synchronous binary XHRs outside webworkers in modern browsers. Use --embed-file or --preload-file in emcc");
            var lazyArray = new LazyUint8Array();
            var properties = { isDevice: false, contents: lazyArray };
          } else {
            var properties = { isDevice: false, url };
          }
          var node = FS.createFile(parent, name, properties, canRead, canWrite);
          if (properties.contents) {
            node.contents = properties.contents;
          } else if (properties.url) {
            node.contents = null;
            node.url = properties.url;
          }
          Object.defineProperties(node, { usedBytes: { get: function() {
            return this.contents.length;
          } } });
          var stream_ops = {};
          for (const [key, fn] of Object.entries(node.stream_ops)) {
            stream_ops[key] = (...args) => {
              FS.forceLoadFile(node);
              return fn(...args);
            };
          }
          function writeChunks(stream, buffer, offset, length, position) {
            var contents = stream.node.contents;
            if (position >= contents.length) return 0;
            var size = Math.min(contents.length - position, length);
            if (contents.slice) {
              for (var i = 0; i < size; i++) {
                buffer[offset + i] = contents[position + i];
              }
            } else {
              for (var i = 0; i < size; i++) {
                buffer[offset + i] = contents.get(position + i);
              }
            }
            return size;
          }
          stream_ops.read = (stream, buffer, offset, length, position) => {
            FS.forceLoadFile(node);
            return writeChunks(stream, buffer, offset, length, position);
          };
          stream_ops.mmap = (stream, length, position, prot, flags) => {
            FS.forceLoadFile(node);
            var ptr = mmapAlloc(length);
            if (!ptr) {
              throw new FS.ErrnoError(48);
            }
            writeChunks(stream, HEAP8, ptr, length, position);
            return { ptr, allocated: true };
          };
          node.stream_ops = stream_ops;
          return node;
        } };
        var UTF8ToString = (ptr, maxBytesToRead, ignoreNul) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead, ignoreNul) : "";
        var SYSCALLS = { currentUmask: 18, calculateAt(dirfd, path7, allowEmpty) {
          if (PATH.isAbs(path7)) {
            return path7;
          }
          var dir;
          if (dirfd === -100) {
            dir = FS.cwd();
          } else {
            var dirstream = SYSCALLS.getStreamFromFD(dirfd);
            dir = dirstream.path;
          }
          if (path7.length == 0) {
            if (!allowEmpty) {
              throw new FS.ErrnoError(44);
            }
            return dir;
          }
          return dir + "/" + path7;
        }, writeStat(buf, stat) {
          HEAPU32[buf >> 2] = stat.dev;
          HEAPU32[buf + 4 >> 2] = stat.mode;
          HEAPU32[buf + 8 >> 2] = stat.nlink;
          HEAPU32[buf + 12 >> 2] = stat.uid;
          HEAPU32[buf + 16 >> 2] = stat.gid;
          HEAPU32[buf + 20 >> 2] = stat.rdev;
          HEAP64[buf + 24 >> 3] = BigInt(stat.size);
          HEAP32[buf + 32 >> 2] = 4096;
          HEAP32[buf + 36 >> 2] = stat.blocks;
          var atime = stat.atime.getTime();
          var mtime = stat.mtime.getTime();
          var ctime = stat.ctime.getTime();
          HEAP64[buf + 40 >> 3] = BigInt(Math.floor(atime / 1e3));
          HEAPU32[buf + 48 >> 2] = atime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 56 >> 3] = BigInt(Math.floor(mtime / 1e3));
          HEAPU32[buf + 64 >> 2] = mtime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 72 >> 3] = BigInt(Math.floor(ctime / 1e3));
          HEAPU32[buf + 80 >> 2] = ctime % 1e3 * 1e3 * 1e3;
          HEAP64[buf + 88 >> 3] = BigInt(stat.ino);
          return 0;
        }, writeStatFs(buf, stats) {
          HEAPU32[buf + 4 >> 2] = stats.bsize;
          HEAPU32[buf + 60 >> 2] = stats.bsize;
          HEAP64[buf + 8 >> 3] = BigInt(stats.blocks);
          HEAP64[buf + 16 >> 3] = BigInt(stats.bfree);
          HEAP64[buf + 24 >> 3] = BigInt(stats.bavail);
          HEAP64[buf + 32 >> 3] = BigInt(stats.files);
          HEAP64[buf + 40 >> 3] = BigInt(stats.ffree);
          HEAPU32[buf + 48 >> 2] = stats.fsid;
          HEAPU32[buf + 64 >> 2] = stats.flags;
          HEAPU32[buf + 56 >> 2] = stats.namelen;
        }, doMsync(addr, stream, len, flags, offset) {
          if (!FS.isFile(stream.node.mode)) {
            throw new FS.ErrnoError(43);
          }
          if (flags & 2) {
            return 0;
          }
          var buffer = HEAPU8.subarray(addr, addr + len);
          FS.msync(stream, buffer, offset, len, flags);
        }, getStreamFromFD(fd) {
          var stream = FS.getStreamChecked(fd);
          return stream;
        }, varargs: void 0, getStr(ptr) {
          var ret = UTF8ToString(ptr);
          return ret;
        } };
        function _fd_close(fd) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            FS.close(stream);
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var doReadv = (stream, iov, iovcnt, offset) => {
          var ret = 0;
          for (var i = 0; i < iovcnt; i++) {
            var ptr = HEAPU32[iov >> 2];
            var len = HEAPU32[iov + 4 >> 2];
            iov += 8;
            try {
              var curr = FS.read(stream, HEAP8, ptr, len, offset);
            } catch (e) {
              if (ret > 0 && e instanceof FS.ErrnoError && (e.errno == 6 || e.errno == 6)) {
                break;
              }
              throw e;
            }
            if (curr < 0) return -1;
            ret += curr;
            if (curr < len) break;
            if (typeof offset != "undefined") {
              offset += curr;
            }
          }
          return ret;
        };
        function _fd_read(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            var num2 = doReadv(stream, iov, iovcnt);
            HEAPU32[pnum >> 2] = num2;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var INT53_MAX = 9007199254740992;
        var INT53_MIN = -9007199254740992;
        var bigintToI53Checked = (num2) => num2 < INT53_MIN || num2 > INT53_MAX ? NaN : Number(num2);
        function _fd_seek(fd, offset, whence, newOffset) {
          offset = bigintToI53Checked(offset);
          try {
            if (isNaN(offset)) return 22;
            var stream = SYSCALLS.getStreamFromFD(fd);
            FS.llseek(stream, offset, whence);
            HEAP64[newOffset >> 3] = BigInt(stream.position);
            if (stream.getdents && offset === 0 && whence === 0) stream.getdents = null;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var doWritev = (stream, iov, iovcnt, offset) => {
          if (iovcnt == 1) {
            return FS.write(stream, HEAP8, HEAPU32[iov >> 2], HEAPU32[iov + 4 >> 2], offset);
          }
          var total = 0;
          for (var i = 0, p = iov; i < iovcnt; i++, p += 8) {
            total += HEAPU32[p + 4 >> 2];
          }
          var view = new Uint8Array(total);
          var voff = 0;
          for (var i = 0; i < iovcnt; i++, iov += 8) {
            var ptr = HEAPU32[iov >> 2];
            var len = HEAPU32[iov + 4 >> 2];
            view.set(HEAPU8.subarray(ptr, ptr + len), voff);
            voff += len;
          }
          return FS.write(stream, view, 0, total, offset);
        };
        function _fd_write(fd, iov, iovcnt, pnum) {
          try {
            var stream = SYSCALLS.getStreamFromFD(fd);
            var num2 = doWritev(stream, iov, iovcnt);
            HEAPU32[pnum >> 2] = num2;
            return 0;
          } catch (e) {
            if (typeof FS == "undefined" || !(e.name === "ErrnoError")) throw e;
            return e.errno;
          }
        }
        var wasmTableMirror = [];
        var getWasmTableEntry = (funcPtr) => {
          var func = wasmTableMirror[funcPtr];
          if (!func) {
            wasmTableMirror[funcPtr] = func = wasmTable.get(funcPtr);
          }
          return func;
        };
        var stringToUTF8 = (str2, outPtr, maxBytesToWrite) => stringToUTF8Array(str2, HEAPU8, outPtr, maxBytesToWrite);
        FS.createPreloadedFile = FS_createPreloadedFile;
        FS.preloadFile = FS_preloadFile;
        FS.staticInit();
        {
          if (Module["noExitRuntime"]) noExitRuntime = Module["noExitRuntime"];
          if (Module["print"]) out = Module["print"];
          if (Module["printErr"]) err = Module["printErr"];
          if (Module["arguments"]) programArgs = Module["arguments"];
          if (Module["thisProgram"]) thisProgram = Module["thisProgram"];
          var preInit = Module["preInit"];
          if (preInit) {
            if (typeof preInit == "function") Module["preInit"] = preInit = [preInit];
            while (preInit.length > 0) {
              preInit.shift()();
            }
          }
        }
        Module["getValue"] = getValue;
        Module["UTF8ToString"] = UTF8ToString;
        Module["stringToUTF8"] = stringToUTF8;
        Module["lengthBytesUTF8"] = lengthBytesUTF8;
        var _wasm_parse_query_raw, _malloc, _free, _wasm_free_parse_result, __emscripten_timeout, _setThrew, __emscripten_stack_restore, _emscripten_stack_get_current, memory, __indirect_function_table, wasmMemory, wasmTable;
        function assignWasmExports(wasmExports2) {
          _wasm_parse_query_raw = Module["_wasm_parse_query_raw"] = wasmExports2["r"];
          _malloc = Module["_malloc"] = wasmExports2["s"];
          _free = Module["_free"] = wasmExports2["u"];
          _wasm_free_parse_result = Module["_wasm_free_parse_result"] = wasmExports2["v"];
          __emscripten_timeout = wasmExports2["w"];
          _setThrew = wasmExports2["x"];
          __emscripten_stack_restore = wasmExports2["y"];
          _emscripten_stack_get_current = wasmExports2["z"];
          memory = wasmMemory = wasmExports2["p"];
          __indirect_function_table = wasmTable = wasmExports2["t"];
        }
        var wasmImports = { g: __abort_js, f: __emscripten_runtime_keepalive_clear, k: __emscripten_throw_longjmp, j: __setitimer_js, l: _emscripten_resize_heap, b: _exit, d: _fd_close, m: _fd_read, n: _fd_seek, c: _fd_write, i: invoke_i, a: invoke_ii, o: invoke_iii, h: invoke_v, e: _proc_exit };
        function invoke_iii(index, a1, a2) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1, a2);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_ii(index, a1) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)(a1);
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_i(index) {
          var sp = stackSave();
          try {
            return getWasmTableEntry(index)();
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        function invoke_v(index) {
          var sp = stackSave();
          try {
            getWasmTableEntry(index)();
          } catch (e) {
            stackRestore(sp);
            if (!(e instanceof EmscriptenEH)) throw e;
            _setThrew(1, 0);
          }
        }
        async function run() {
          preRun();
          if (runDependencies) {
            await resolveRunDependencies();
          }
          var setStatus = Module["setStatus"];
          if (setStatus) {
            setStatus("Running...");
            await new Promise((resolve) => setTimeout(resolve, 1));
            setTimeout(setStatus, 1, "");
          }
          if (ABORT) return;
          initRuntime();
          Module["onRuntimeInitialized"]?.();
          postRun();
        }
        var wasmExports;
        wasmExports = await createWasm();
        await run();
        ;
        return Module;
      };
    })();
    if (typeof exports === "object" && typeof module === "object") {
      module.exports = PgQueryModule2;
      module.exports.default = PgQueryModule2;
    } else if (typeof define === "function" && define["amd"]) define([], () => PgQueryModule2);
  }
});

// src/config/options.ts
import path2 from "node:path";

// src/sql-files.ts
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var cache = /* @__PURE__ */ new Map();
var found;
function sqlDir() {
  if (found) return found;
  for (const candidate of ["../sql", "./sql", "../../sql"]) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path.join(dir, "resolve-objects.sql"))) return found = dir;
  }
  throw new Error("the gate's sql/ directory is missing from this installation");
}
function gateSql(name) {
  const cached = cache.get(name);
  if (cached !== void 0) return cached;
  const text = readFileSync(path.join(sqlDir(), name), "utf8");
  cache.set(name, text);
  return text;
}
function packNames() {
  return readdirSync(path.join(sqlDir(), "packs")).filter((file) => file.endsWith(".sql")).map((file) => file.slice(0, -".sql".length)).sort();
}
function packPath(name) {
  return packNames().includes(name) ? path.join(sqlDir(), "packs", `${name}.sql`) : void 0;
}

// src/config/options.ts
var DEFAULT_STATEMENT_TIMEOUT_MS = 3e4;
var DEFAULT_LOCK_TIMEOUT_MS = 5e3;
function resolveOptions(flags, loaded, cwd) {
  const { config } = loaded;
  const base = loaded.file ? path2.dirname(loaded.file) : cwd;
  const fromFile = (file) => pack(file) ?? path2.resolve(base, file);
  const fromCwd = (file) => pack(file) ?? path2.resolve(cwd, file);
  const dir = flags.dir ? fromCwd(flags.dir) : config.dir ? fromFile(config.dir) : void 0;
  if (!dir) throw new ConfigError('--dir is required (or set "dir" in migration-gate.yml)');
  const timeouts = parseTimeouts(flags);
  const baseline = flags.baseline ? fromCwd(flags.baseline) : config.baseline ? fromFile(config.baseline) : void 0;
  const targets = flags.target ?? [];
  return {
    cwd,
    root: base,
    dir,
    targets,
    ...baseline ? { baseline } : {},
    prerequisites: flags.prerequisite?.length ? flags.prerequisite.map(fromCwd) : (config.prerequisites ?? []).map(fromFile),
    fixtures: flags.fixture?.length ? flags.fixture.map(fromCwd) : (config.fixtures ?? []).map(fromFile),
    apply: {
      statementTimeoutMs: timeouts.statement ?? config.timeouts?.statement ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: timeouts.lock ?? config.timeouts?.lock ?? DEFAULT_LOCK_TIMEOUT_MS
    },
    tenantColumn: config.tenant_column ?? "org_id",
    rollbackRequired: config.rollback?.required ?? false,
    expectations: config.expectations ?? {}
  };
}
function pack(file) {
  if (!file.startsWith("pack:")) return void 0;
  const name = file.slice("pack:".length);
  const found2 = packPath(name);
  if (!found2) throw new ConfigError(`unknown prerequisite pack "${name}" (available: ${packNames().join(", ")})`);
  return found2;
}
function parseTimeouts(flags) {
  const timeouts = configSchema.shape.timeouts.unwrap();
  const parsed = timeouts.safeParse({
    ...flags.statementTimeout !== void 0 ? { statement: durationFlag(flags.statementTimeout) } : {},
    ...flags.lockTimeout !== void 0 ? { lock: durationFlag(flags.lockTimeout) } : {}
  });
  if (!parsed.success) {
    throw new ConfigError(
      describeIssues("command line", parsed.error.issues).replace(/statement:/, "--statement-timeout:").replace(/lock:/, "--lock-timeout:")
    );
  }
  return parsed.data;
}
function durationFlag(value) {
  return /^\d+$/.test(value) ? Number(value) : value;
}

// src/progress.ts
var Progress = class {
  constructor(sink = () => void 0) {
    this.sink = sink;
  }
  sink;
  timings = {};
  info(line) {
    this.sink(line);
  }
  async step(name, fn) {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      const ms = Math.round(performance.now() - started);
      this.timings[name] = (this.timings[name] ?? 0) + ms;
      this.sink(`${name} \u2026 ${ms} ms`);
    }
  }
};

// src/migrations/positions.ts
var CheckpointMap = class {
  from = [0];
  to = [0];
  add(fromOffset, toOffset) {
    this.from.push(fromOffset);
    this.to.push(toOffset);
  }
  map(offset) {
    const from = this.from;
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (from[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.to[lo] + (offset - from[lo]);
  }
};
var PositionMap = class {
  length;
  byteLength;
  bytes = new CheckpointMap();
  codePoints = new CheckpointMap();
  lineStarts = [0];
  constructor(text) {
    this.length = text.length;
    let byte = 0;
    let codePoint = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      if (c < 128) {
        byte += 1;
        codePoint += 1;
        continue;
      }
      let units = 1;
      if (c < 2048) byte += 2;
      else if (c >= 55296 && c <= 56319 && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 56320 && next <= 57343) {
          byte += 4;
          units = 2;
        } else byte += 3;
      } else byte += 3;
      i += units - 1;
      codePoint += 1;
      this.bytes.add(byte, i + 1);
      if (units === 2) this.codePoints.add(codePoint, i + 1);
    }
    this.byteLength = byte;
  }
  /** UTF-8 byte offset → UTF-16 offset. */
  byteToChar(byteOffset) {
    return this.clamp(this.bytes.map(Math.max(0, byteOffset)));
  }
  /** Code-point offset (what PostgreSQL's error cursor counts) → UTF-16 offset. */
  codePointToChar(codePointOffset) {
    return this.clamp(this.codePoints.map(Math.max(0, codePointOffset)));
  }
  /** UTF-16 offset → 1-based line and column. */
  position(charOffset) {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= charOffset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: charOffset - starts[lo] + 1 };
  }
  /** Byte offset as found in the AST → 1-based line and column. */
  bytePosition(byteOffset) {
    return this.position(this.byteToChar(byteOffset));
  }
  clamp(offset) {
    return Math.min(Math.max(0, offset), this.length);
  }
};

// src/apply/errors.ts
var RULES = {
  "42P01": "missing-relation",
  "3F000": "missing-schema",
  "42883": "missing-function",
  "42704": "missing-object",
  "42601": "syntax-error",
  "57014": "statement-timeout",
  "55P03": "lock-timeout",
  "40P01": "deadlock",
  "42P07": "duplicate-object",
  "42710": "duplicate-object",
  "42723": "duplicate-object",
  "42703": "missing-column",
  "25001": "transaction-state",
  "25P02": "transaction-aborted"
};
var KIND_OF_CODE = {
  "42P01": ["table", "view", "sequence"],
  "3F000": ["schema"],
  "42883": ["function"],
  "42704": ["type", "index", "trigger", "policy", "role", "extension"]
};
function mapStatementError(error, statement, text) {
  const code = error.code ?? "";
  const object = namedObject(error.message);
  const base = {
    rule: RULES[code] ?? "sql-error",
    code,
    message: error.message,
    ...error.detail ? { detail: error.detail } : {},
    ...error.hint ? { hint: error.hint } : {},
    ...object ? { object } : {}
  };
  if (error.position) {
    const offset2 = statement.offset + Number(error.position) - 1;
    return { ...base, position: new PositionMap(text).position(offset2) };
  }
  const reference = object ? findReference(statement.references, code, object) : void 0;
  if (reference) return { ...base, position: reference.position };
  const offset = object ? nameOffset(statement.sql, object) : -1;
  if (offset >= 0) return { ...base, position: new PositionMap(text).position(statement.offset + offset) };
  return { ...base, position: statement.start };
}
function namedObject(message) {
  const quoted = /^(?:relation|table|view|materialized view|sequence|schema|type|function|role|index|extension|trigger|policy) "([^"]+)"/.exec(
    message
  );
  if (quoted) return quoted[1];
  const fn = /^function ([\w.$"]+)\(/.exec(message);
  return fn?.[1]?.replaceAll('"', "");
}
function findReference(references, code, object) {
  const kinds = KIND_OF_CODE[code];
  const [first, second] = object.split(".");
  const matches = (ref) => {
    if (kinds && !kinds.includes(ref.object.kind)) return false;
    if (second === void 0) return ref.object.name === first;
    return ref.object.schema === first && ref.object.name === second;
  };
  return references.find(matches);
}
function nameOffset(sql, name) {
  const last = name.split(".").pop();
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?<![\\w$])"?${escaped}"?(?![\\w$])`, "i").exec(sql);
  return match ? match.index : -1;
}

// src/apply/apply.ts
var FILE_SAVEPOINT = "migration_gate_file";
var OWN_SAVEPOINT = "migration_gate_own_transaction";
var SETTINGS_SAVEPOINT = "migration_gate_settings";
async function applyFile(client, parsed, options, omit = /* @__PURE__ */ new Set()) {
  const started = performance.now();
  if (!options.nested && omit.size === 0 && await appliedInOneRoundTrip(client, parsed, options)) {
    return {
      status: "applied",
      file: parsed.file,
      statements: parsed.statements.length,
      ms: performance.now() - started,
      skipped: []
    };
  }
  await setTimeouts(client, options);
  if (options.nested) await client.query(`SAVEPOINT ${FILE_SAVEPOINT}`);
  let inTransaction = false;
  let applied = 0;
  const skipped = [];
  for (const statement of parsed.statements) {
    if (omit.has(statement)) continue;
    if (options.nested && statement.nonTransactional) {
      skipped.push(statement);
      continue;
    }
    try {
      await client.query(options.nested ? nestedSql(statement) : statement.sql);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      if (options.nested) await client.query(`ROLLBACK TO SAVEPOINT ${FILE_SAVEPOINT}`);
      else if (inTransaction) await client.query("ROLLBACK");
      return {
        status: "failed",
        file: parsed.file,
        statements: applied,
        ms: performance.now() - started,
        skipped,
        statement,
        error: mapStatementError(error, statement, parsed.text),
        rolledBack: inTransaction
      };
    }
    applied += 1;
    if (statement.transaction === "begin") inTransaction = true;
    if (statement.transaction === "commit" || statement.transaction === "rollback") inTransaction = false;
  }
  if (inTransaction) await client.query(options.nested ? `RELEASE SAVEPOINT ${OWN_SAVEPOINT}` : "COMMIT");
  if (options.nested) await client.query(`RELEASE SAVEPOINT ${FILE_SAVEPOINT}`);
  return { status: "applied", file: parsed.file, statements: applied, ms: performance.now() - started, skipped };
}
async function appliedInOneRoundTrip(client, parsed, options) {
  const { statements } = parsed;
  const control = statements.filter((s) => s.transaction);
  const wrapped = control.length === 2 && statements[0]?.transaction === "begin" && statements.at(-1)?.transaction === "commit";
  if (statements.length < 2 || control.length > 0 && !wrapped || statements.some((s) => s.nonTransactional)) {
    return false;
  }
  try {
    const timeouts = `SET statement_timeout = ${Math.trunc(options.statementTimeoutMs)}; SET lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`;
    await client.query(`${timeouts};
${statements.map((s) => s.sql).join(";\n")}`);
    return true;
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    if (wrapped) await client.query("ROLLBACK");
    return false;
  }
}
function nestedSql(statement) {
  switch (statement.transaction) {
    case "begin":
      return `SAVEPOINT ${OWN_SAVEPOINT}`;
    case "commit":
      return `RELEASE SAVEPOINT ${OWN_SAVEPOINT}`;
    case "rollback":
      return `ROLLBACK TO SAVEPOINT ${OWN_SAVEPOINT}; RELEASE SAVEPOINT ${OWN_SAVEPOINT}`;
    default:
      return statement.sql;
  }
}
async function setTimeouts(client, options) {
  await client.query(`SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)`, [
    `${options.statementTimeoutMs}ms`,
    `${options.lockTimeoutMs}ms`
  ]);
  if (options.nested) await watchClient(client);
}
async function watchClient(client) {
  await client.query(`SAVEPOINT ${SETTINGS_SAVEPOINT}`);
  try {
    await client.query(
      `SELECT set_config('client_connection_check_interval', '1000', false)
        WHERE current_setting('client_connection_check_interval', true) IS NOT NULL`
    );
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    await client.query(`ROLLBACK TO SAVEPOINT ${SETTINGS_SAVEPOINT}`);
  }
  await client.query(`RELEASE SAVEPOINT ${SETTINGS_SAVEPOINT}`);
}
function isDatabaseError(error) {
  return error instanceof Error && "severity" in error && "code" in error;
}

// src/readiness/activity.ts
var LONG_TRANSACTION_SECONDS = 60;
async function blockingSessions(client) {
  const { rows: rows2 } = await client.query(gateSql("activity.sql"), [LONG_TRANSACTION_SECONDS]);
  return rows2.map((row) => ({
    pid: row.pid,
    state: row.state,
    usename: row.usename,
    xactSeconds: row.xact_seconds,
    relationLocks: row.relation_locks,
    query: row.query
  }));
}

// src/readiness/creators.ts
import { readdirSync as readdirSync2 } from "node:fs";
import path4 from "node:path";

// src/migrations/files.ts
import { readFileSync as readFileSync2, statSync } from "node:fs";
import path3 from "node:path";
function readSqlFile(file, cwd) {
  const shown = displayPath(file, cwd);
  let bytes;
  try {
    if (statSync(file).isDirectory()) throw new ConfigError(`${shown} is a directory, not a SQL file`);
    bytes = readFileSync2(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = error.code;
    if (code === "ENOENT") throw new ConfigError(`file not found: ${shown}`);
    if (code === "EACCES") throw new ConfigError(`cannot read ${shown}: permission denied`);
    throw new ConfigError(`cannot read ${shown}: ${error.message}`);
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).toString("latin1").split("\n").length;
    throw new ConfigError(`${shown}:${line}: not valid UTF-8 (byte ${offset}); save the file as UTF-8`);
  }
}
function firstInvalidUtf8(bytes) {
  const decoder2 = new TextDecoder("utf-8", { fatal: true });
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = low + high >> 1;
    try {
      decoder2.decode(bytes.subarray(0, mid + 1), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  return low;
}
function displayPath(file, cwd) {
  const relative = path3.relative(cwd, path3.resolve(cwd, file));
  return relative && !relative.startsWith("..") ? relative.split(path3.sep).join("/") : file;
}

// node_modules/libpg-query/wasm/index.js
var import_libpg_query = __toESM(require_libpg_query());
var wasmModule;
var SqlError = class extends Error {
  sqlDetails;
  constructor(message, details) {
    super(message);
    this.name = "SqlError";
    this.sqlDetails = details;
  }
};
var initPromise = (0, import_libpg_query.default)().then((module) => {
  wasmModule = module;
});
function ensureLoaded() {
  if (!wasmModule)
    throw new Error("WASM module not initialized. Call `loadModule()` first.");
}
async function loadModule() {
  if (!wasmModule) {
    await initPromise;
  }
}
function awaitInit(fn) {
  return (async (...args) => {
    await initPromise;
    return fn(...args);
  });
}
function stringToPtr(str2) {
  ensureLoaded();
  if (typeof str2 !== "string") {
    throw new TypeError(`Expected a string, got ${typeof str2}`);
  }
  const len = wasmModule.lengthBytesUTF8(str2) + 1;
  const ptr = wasmModule._malloc(len);
  try {
    wasmModule.stringToUTF8(str2, ptr, len);
    return ptr;
  } catch (error) {
    wasmModule._free(ptr);
    throw error;
  }
}
var parse = awaitInit(async (query) => {
  if (query === null || query === void 0) {
    throw new Error("Query cannot be null or undefined");
  }
  if (typeof query !== "string") {
    throw new Error(`Query must be a string, got ${typeof query}`);
  }
  if (query.trim() === "") {
    throw new Error("Query cannot be empty");
  }
  const queryPtr = stringToPtr(query);
  let resultPtr = 0;
  try {
    resultPtr = wasmModule._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) {
      throw new Error("Failed to allocate memory for parse result");
    }
    const parseTreePtr = wasmModule.getValue(resultPtr, "i32");
    const stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32");
    const errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
    if (errorPtr) {
      const messagePtr = wasmModule.getValue(errorPtr, "i32");
      const funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32");
      const filenamePtr = wasmModule.getValue(errorPtr + 8, "i32");
      const lineno = wasmModule.getValue(errorPtr + 12, "i32");
      const cursorpos = wasmModule.getValue(errorPtr + 16, "i32");
      const contextPtr = wasmModule.getValue(errorPtr + 20, "i32");
      const message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error";
      const filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : null;
      const errorDetails = {
        message,
        cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
        // Convert to 0-based
        fileName: filename || void 0,
        functionName: funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0,
        lineNumber: lineno > 0 ? lineno : void 0,
        context: contextPtr ? wasmModule.UTF8ToString(contextPtr) : void 0
      };
      throw new SqlError(message, errorDetails);
    }
    if (!parseTreePtr) {
      throw new Error("Parse result is null");
    }
    const parseTree = wasmModule.UTF8ToString(parseTreePtr);
    return JSON.parse(parseTree);
  } finally {
    wasmModule._free(queryPtr);
    if (resultPtr) {
      wasmModule._wasm_free_parse_result(resultPtr);
    }
  }
});
function parseSync(query) {
  if (query === null || query === void 0) {
    throw new Error("Query cannot be null or undefined");
  }
  if (typeof query !== "string") {
    throw new Error(`Query must be a string, got ${typeof query}`);
  }
  if (query.trim() === "") {
    throw new Error("Query cannot be empty");
  }
  const queryPtr = stringToPtr(query);
  let resultPtr = 0;
  try {
    resultPtr = wasmModule._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) {
      throw new Error("Failed to allocate memory for parse result");
    }
    const parseTreePtr = wasmModule.getValue(resultPtr, "i32");
    const stderrBufferPtr = wasmModule.getValue(resultPtr + 4, "i32");
    const errorPtr = wasmModule.getValue(resultPtr + 8, "i32");
    if (errorPtr) {
      const messagePtr = wasmModule.getValue(errorPtr, "i32");
      const funcnamePtr = wasmModule.getValue(errorPtr + 4, "i32");
      const filenamePtr = wasmModule.getValue(errorPtr + 8, "i32");
      const lineno = wasmModule.getValue(errorPtr + 12, "i32");
      const cursorpos = wasmModule.getValue(errorPtr + 16, "i32");
      const contextPtr = wasmModule.getValue(errorPtr + 20, "i32");
      const message = messagePtr ? wasmModule.UTF8ToString(messagePtr) : "Unknown error";
      const filename = filenamePtr ? wasmModule.UTF8ToString(filenamePtr) : null;
      const errorDetails = {
        message,
        cursorPosition: cursorpos > 0 ? cursorpos - 1 : 0,
        // Convert to 0-based
        fileName: filename || void 0,
        functionName: funcnamePtr ? wasmModule.UTF8ToString(funcnamePtr) : void 0,
        lineNumber: lineno > 0 ? lineno : void 0,
        context: contextPtr ? wasmModule.UTF8ToString(contextPtr) : void 0
      };
      throw new SqlError(message, errorDetails);
    }
    if (!parseTreePtr) {
      throw new Error("Parse result is null");
    }
    const parseTree = wasmModule.UTF8ToString(parseTreePtr);
    return JSON.parse(parseTree);
  } finally {
    wasmModule._free(queryPtr);
    if (resultPtr) {
      wasmModule._wasm_free_parse_result(resultPtr);
    }
  }
}

// src/migrations/ast.ts
function isNode(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function unwrap(value) {
  if (!isNode(value)) return void 0;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0];
    const inner = value[key];
    if (/^[A-Z]/.test(key) && isNode(inner)) return { type: key, node: inner };
  }
  return { type: shapeOf(value), node: value };
}
function shapeOf(node) {
  if (typeof node.relname === "string" && "relpersistence" in node) return "RangeVar";
  if (Array.isArray(node.names) && "typemod" in node) return "TypeName";
  if (typeof node.roletype === "string") return "RoleSpec";
  return void 0;
}
function str(node, key) {
  const v = node?.[key];
  return typeof v === "string" ? v : void 0;
}
function num(node, key) {
  const v = node?.[key];
  return typeof v === "number" ? v : void 0;
}
function bool(node, key) {
  return node?.[key] === true;
}
function list(node, key) {
  const v = node?.[key];
  return Array.isArray(v) ? v : [];
}
function child(node, key) {
  return unwrap(node?.[key])?.node;
}
function childrenOf(node, key, type) {
  const out = [];
  for (const item of list(node, key)) {
    const u = unwrap(item);
    if (u?.type === type) out.push(u.node);
  }
  return out;
}
function strings(value) {
  const u = unwrap(value);
  const items = Array.isArray(value) ? value : u?.type === "List" ? list(u.node, "items") : [];
  const out = [];
  for (const item of items) {
    const s = unwrap(item);
    if (s?.type === "String") {
      const sval = str(s.node, "sval");
      if (sval !== void 0) out.push(sval);
    }
  }
  return out;
}
function qualify(parts) {
  const name = parts[parts.length - 1];
  if (name === void 0) return void 0;
  const schema = parts.length >= 2 ? parts[parts.length - 2] : void 0;
  return schema === void 0 ? { name } : { schema, name };
}
function rangeVarName(rv) {
  const name = str(rv, "relname");
  if (name === void 0) return void 0;
  const schema = str(rv, "schemaname");
  return schema === void 0 ? { name } : { schema, name };
}
function location(node) {
  const loc = node?.location;
  if (loc === void 0) return 0;
  return typeof loc === "number" && loc >= 0 ? loc : void 0;
}
function sameName(a, b) {
  return a.name === b.name && (a.schema === void 0 || b.schema === void 0 || a.schema === b.schema);
}
function roleName(spec) {
  switch (str(spec, "roletype")) {
    case "ROLESPEC_PUBLIC":
      return "public";
    case "ROLESPEC_CURRENT_USER":
      return "current_user";
    case "ROLESPEC_SESSION_USER":
      return "session_user";
    case "ROLESPEC_CURRENT_ROLE":
      return "current_role";
    default:
      return str(spec, "rolename") ?? "";
  }
}

// src/migrations/indexes.ts
var NAMEDATALEN = 64;
function indexColumns(node, src) {
  const elems = childrenOf(node, "indexParams", "IndexElem");
  const texts = paramTexts(node, src);
  return elems.map(
    (e, i) => str(e, "name") ?? plainColumn(e.expr) ?? texts[i] ?? `(${figureColname(e.expr) ?? "expr"})`
  );
}
function plainColumn(expr) {
  const u = unwrap(expr);
  if (u?.type !== "ColumnRef") return void 0;
  const fields = strings(u.node.fields);
  return fields.length === 1 ? fields[0] : void 0;
}
function paramTexts(node, src) {
  const rel = child(node, "relation");
  const tokens = src.tokens;
  let i = rel ? src.tokenIndexAt(typeof rel.location === "number" ? rel.location : 0) : 0;
  while (i < tokens.length && tokens[i]?.value !== "(") i++;
  const out = [];
  let depth = 0;
  let first = i + 1;
  for (; i < tokens.length; i++) {
    const v = tokens[i]?.type === "punct" ? tokens[i]?.value : void 0;
    if (v === "(" || v === "[") depth++;
    else if (v === ")" || v === "]") {
      depth--;
      if (depth === 0) {
        out.push(src.slice(first, i - 1));
        break;
      }
    } else if (v === "," && depth === 1) {
      out.push(src.slice(first, i - 1));
      first = i + 1;
    }
  }
  return out;
}
function defaultIndexName(table, node) {
  const elems = [
    ...childrenOf(node, "indexParams", "IndexElem"),
    ...childrenOf(node, "indexIncludingParams", "IndexElem")
  ];
  const used = [];
  for (const e of elems) {
    const orig = str(e, "indexcolname") ?? str(e, "name") ?? figureColname(e.expr) ?? "expr";
    let name = orig;
    for (let n = 1; used.includes(name); n++) {
      const suffix = String(n);
      name = clipBytes(orig, NAMEDATALEN - 1 - suffix.length) + suffix;
    }
    used.push(name);
  }
  let addition = "";
  for (const name of used) {
    if (addition.length > 0) addition += "_";
    addition += name;
    if (byteLength(addition) >= NAMEDATALEN) break;
  }
  addition = clipBytes(addition, NAMEDATALEN - 1);
  const label = node.primary === true ? "pkey" : node.isconstraint === true ? "key" : "idx";
  return makeObjectName(table, addition, label);
}
function makeObjectName(name1, name2, label) {
  const avail = NAMEDATALEN - 1 - (name2 ? 1 : 0) - (label.length + 1);
  let n1 = byteLength(name1);
  let n2 = byteLength(name2);
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [clipBytes(name1, n1)];
  if (name2) parts.push(clipBytes(name2, n2));
  parts.push(label);
  return parts.join("_");
}
function figureColname(expr) {
  const u = unwrap(expr);
  if (!u) return void 0;
  const n = u.node;
  switch (u.type) {
    case "ColumnRef": {
      const fields = strings(n.fields);
      return fields[fields.length - 1];
    }
    case "FuncCall": {
      const f = strings(n.funcname);
      return f[f.length - 1];
    }
    case "TypeCast": {
      const inner = figureColname(n.arg);
      if (inner) return inner;
      const t = strings(child(n, "typeName")?.names);
      return t[t.length - 1];
    }
    case "CoalesceExpr":
      return "coalesce";
    case "CaseExpr":
      return "case";
    case "MinMaxExpr":
      return str(n, "op") === "IS_GREATEST" ? "greatest" : "least";
    case "A_ArrayExpr":
      return "array";
    case "RowExpr":
      return "row";
    case "CollateClause":
      return figureColname(n.arg);
    case "A_Indirection": {
      const last = list(n, "indirection").at(-1);
      const s = unwrap(last);
      return s?.type === "String" ? str(s.node, "sval") : figureColname(n.arg);
    }
    default:
      return void 0;
  }
}
function byteLength(s) {
  return Buffer.byteLength(s, "utf8");
}
function clipBytes(s, max) {
  if (byteLength(s) <= max) return s;
  let out = "";
  let bytes = 0;
  for (const ch of s) {
    const b = byteLength(ch);
    if (bytes + b > max) break;
    out += ch;
    bytes += b;
  }
  return out;
}

// src/migrations/created.ts
var FK_ACTIONS = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT"
};
var TRIGGER_BEFORE = 2;
var TRIGGER_INSTEAD = 64;
var TRIGGER_EVENTS = [
  [4, "INSERT"],
  [16, "UPDATE"],
  [8, "DELETE"],
  [32, "TRUNCATE"]
];
var POLICY_COMMANDS = { all: "ALL", select: "SELECT", insert: "INSERT", update: "UPDATE", delete: "DELETE" };
function collectCreates(kind, node, src, schema) {
  const inSchema = (q) => q && q.schema === void 0 && schema !== void 0 ? { schema, name: q.name } : q;
  const named = (k, q, position = src.start) => {
    const n = inSchema(q);
    return n ? [{ kind: k, ...n, position }] : [];
  };
  const relation = (field2, k) => named(k, rangeVarName(field2), src.atNode(field2));
  const byName = (k, parts, after) => named(k, qualify(parts), src.findName(parts, after));
  switch (kind) {
    case "CreateSchemaStmt": {
      const name = str(node, "schemaname") ?? str(child(node, "authrole"), "rolename");
      if (name === void 0) return [];
      const out = [{ kind: "schema", name, position: src.findName([name], ["schema"]) }];
      for (const elt of list(node, "schemaElts")) {
        const u = unwrap(elt);
        if (u?.type) out.push(...collectCreates(u.type, u.node, src, name));
      }
      return out;
    }
    case "CreateStmt": {
      const rel = child(node, "relation");
      const [created2] = relation(rel, "table");
      if (!created2) return [];
      const partbound = child(node, "partbound");
      const parent = partbound ? rangeVarName(unwrap(list(node, "inhRelations")[0])?.node) : void 0;
      created2.details = {
        kind: "table",
        columns: childrenOf(node, "tableElts", "ColumnDef").flatMap((c) => str(c, "colname") ?? []),
        partitioned: child(node, "partspec") !== void 0,
        ...parent ? { partitionOf: parent } : {},
        foreignKeys: foreignKeys(node, src)
      };
      return [created2];
    }
    case "CreateTableAsStmt":
      return relation(child(child(node, "into"), "rel"), str(node, "objtype") === "OBJECT_MATVIEW" ? "view" : "table");
    case "SelectStmt":
      return relation(child(child(node, "intoClause"), "rel"), "table");
    case "ViewStmt":
      return relation(child(node, "view"), "view");
    case "CreateSeqStmt":
      return relation(child(node, "sequence"), "sequence");
    case "IndexStmt": {
      const rel = child(node, "relation");
      const table = inSchema(rangeVarName(rel));
      if (!table) return [];
      const idxname = str(node, "idxname");
      const position = idxname ? src.findName([idxname], ["index"]) : src.start;
      const name = idxname ?? defaultIndexName(table.name, node);
      return [
        {
          kind: "index",
          ...table.schema !== void 0 ? { schema: table.schema } : {},
          name,
          table,
          position,
          details: {
            kind: "index",
            columns: indexColumns(node, src),
            unique: bool(node, "unique"),
            concurrently: bool(node, "concurrent")
          }
        }
      ];
    }
    case "CreateEnumStmt": {
      const parts = strings(node.typeName);
      const out = byName("type", parts, ["type"]);
      for (const o of out) o.details = { kind: "type", enumValues: strings(node.vals) };
      return out;
    }
    case "CompositeTypeStmt":
    case "CreateDomainStmt":
    case "CreateRangeStmt":
    case "DefineStmt": {
      if (kind === "DefineStmt" && str(node, "kind") !== "OBJECT_TYPE") return [];
      const out = kind === "CompositeTypeStmt" ? relation(child(node, "typevar"), "type") : kind === "CreateDomainStmt" ? byName("type", strings(node.domainname), ["domain"]) : byName("type", strings(node.typeName ?? node.defnames), ["type"]);
      for (const o of out) o.details = { kind: "type" };
      return out;
    }
    case "CreateFunctionStmt": {
      const parts = strings(node.funcname);
      const out = byName("function", parts, [bool(node, "is_procedure") ? "procedure" : "function"]);
      const language = childrenOf(node, "options", "DefElem").filter((d) => str(d, "defname") === "language").flatMap((d) => strings([d.arg]))[0];
      const returns = strings(child(node, "returnType")?.names);
      for (const o of out) {
        o.details = {
          kind: "function",
          ...language !== void 0 ? { language } : {},
          returnsTrigger: returns[returns.length - 1] === "trigger"
        };
      }
      return out;
    }
    case "CreateTrigStmt": {
      const name = str(node, "trigname");
      const table = inSchema(rangeVarName(child(node, "relation")));
      const fn = qualify(strings(node.funcname));
      if (name === void 0 || !table || !fn) return [];
      const timing = num(node, "timing") ?? 0;
      const events = num(node, "events") ?? 0;
      return [
        {
          kind: "trigger",
          name,
          table,
          position: src.findName([name], ["trigger"]),
          details: {
            kind: "trigger",
            timing: timing & TRIGGER_INSTEAD ? "INSTEAD OF" : timing & TRIGGER_BEFORE ? "BEFORE" : "AFTER",
            events: TRIGGER_EVENTS.filter(([bit]) => events & bit).map(([, e]) => e),
            forEach: bool(node, "row") ? "ROW" : "STATEMENT",
            function: fn
          }
        }
      ];
    }
    case "CreatePolicyStmt": {
      const name = str(node, "policy_name");
      const table = inSchema(rangeVarName(child(node, "table")));
      if (name === void 0 || !table) return [];
      const cmd = str(node, "cmd_name") ?? "all";
      return [
        {
          kind: "policy",
          name,
          table,
          position: src.findName([name], ["policy"]),
          details: {
            kind: "policy",
            command: POLICY_COMMANDS[cmd] ?? "ALL",
            permissive: bool(node, "permissive"),
            roles: childrenOf(node, "roles", "RoleSpec").map(roleName)
          }
        }
      ];
    }
    case "CreateExtensionStmt": {
      const name = str(node, "extname");
      return name === void 0 ? [] : [{ kind: "extension", name, position: src.findName([name], ["extension"]) }];
    }
    case "CreateRoleStmt": {
      const name = str(node, "role");
      return name === void 0 ? [] : [{ kind: "role", name, position: src.findName([name], ["create"]) }];
    }
    default:
      return [];
  }
}
function foreignKeys(node, src) {
  const found2 = [];
  for (const elt of list(node, "tableElts")) {
    const u = unwrap(elt);
    if (u?.type === "Constraint") found2.push({ constraint: u.node });
    if (u?.type === "ColumnDef") {
      const column = str(u.node, "colname");
      for (const c of childrenOf(u.node, "constraints", "Constraint")) {
        found2.push(column === void 0 ? { constraint: c } : { constraint: c, column });
      }
    }
  }
  for (const c of childrenOf(node, "constraints", "Constraint")) found2.push({ constraint: c });
  return foreignKeyDefs(found2, src);
}
function alteredForeignKeys(kind, node, src) {
  if (kind !== "AlterTableStmt") return void 0;
  const table = rangeVarName(child(node, "relation"));
  if (!table) return void 0;
  const constraints = childrenOf(node, "cmds", "AlterTableCmd").filter((cmd) => str(cmd, "subtype") === "AT_AddConstraint").flatMap((cmd) => {
    const def = unwrap(cmd.def);
    return def?.type === "Constraint" ? [{ constraint: def.node }] : [];
  });
  const found2 = foreignKeyDefs(constraints, src).map((foreignKey) => ({ table, foreignKey }));
  return found2.length > 0 ? found2 : void 0;
}
function foreignKeyDefs(found2, src) {
  const out = [];
  for (const { constraint, column } of found2) {
    if (str(constraint, "contype") !== "CONSTR_FOREIGN") continue;
    const pktable = child(constraint, "pktable");
    const refTable = rangeVarName(pktable);
    if (!refTable) continue;
    const fkAttrs = strings(constraint.fk_attrs);
    const name = str(constraint, "conname");
    out.push({
      ...name !== void 0 ? { name } : {},
      columns: fkAttrs.length > 0 ? fkAttrs : column !== void 0 ? [column] : [],
      refTable,
      refColumns: strings(constraint.pk_attrs),
      onDelete: FK_ACTIONS[str(constraint, "fk_del_action") ?? "a"] ?? "NO ACTION",
      onUpdate: FK_ACTIONS[str(constraint, "fk_upd_action") ?? "a"] ?? "NO ACTION",
      position: src.atNode(pktable)
    });
  }
  return out;
}

// src/migrations/drops.ts
var DROP_KINDS = {
  OBJECT_TABLE: "table",
  OBJECT_FOREIGN_TABLE: "table",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "view",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_INDEX: "index",
  OBJECT_TYPE: "type",
  OBJECT_DOMAIN: "type",
  OBJECT_FUNCTION: "function",
  OBJECT_PROCEDURE: "function",
  OBJECT_ROUTINE: "function",
  OBJECT_AGGREGATE: "function",
  OBJECT_TRIGGER: "trigger",
  OBJECT_POLICY: "policy",
  OBJECT_SCHEMA: "schema",
  OBJECT_EXTENSION: "extension"
};
function collectDrops(kind, node) {
  if (kind === "DropRoleStmt") {
    return childrenOf(node, "roles", "RoleSpec").map((r) => ({ kind: "role", name: roleName(r) }));
  }
  if (kind !== "DropStmt") return [];
  const objectKind = DROP_KINDS[str(node, "removeType") ?? ""];
  if (!objectKind) return [];
  const out = [];
  for (const item of list(node, "objects")) {
    const u = unwrap(item);
    let parts;
    if (u?.type === "TypeName") parts = strings(u.node.names);
    else if (u?.type === "ObjectWithArgs") parts = strings(u.node.objname);
    else if (u?.type === "List") parts = strings(item);
    else parts = strings([item]);
    if (objectKind === "trigger" || objectKind === "policy") {
      const name = parts[parts.length - 1];
      const table = qualify(parts.slice(0, -1));
      if (name !== void 0 && table) out.push({ kind: objectKind, name, table });
      continue;
    }
    const q = qualify(parts);
    if (q) out.push({ kind: objectKind, ...q });
  }
  return out;
}

// src/migrations/lexer.ts
var isSpace = (c) => c === 32 || c >= 9 && c <= 13;
var isIdentStart = (c) => c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 95 || c >= 128;
var isIdentPart = (c) => isIdentStart(c) || c >= 48 && c <= 57 || c === 36;
var isDigit = (c) => c >= 48 && c <= 57;
function foldIdentifier(word) {
  return word.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
var DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
var SqlScanner = class {
  constructor(text, from = 0, end = text.length) {
    this.text = text;
    this.end = end;
    this.pos = from;
  }
  text;
  end;
  pos;
  /** The next token (comments included), or undefined at the end. */
  next() {
    const text = this.text;
    const end = this.end;
    let i = this.pos;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) {
      this.pos = end;
      return void 0;
    }
    const start = i;
    const c = text.charCodeAt(i);
    const c2 = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    let type;
    let value;
    if (c === 45 && c2 === 45) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 || nl > end ? end : nl;
      type = "comment";
    } else if (c === 47 && c2 === 42) {
      let depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (text.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (text.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else i++;
      }
      type = "comment";
    } else if (c === 39) {
      i = this.skipQuoted(i, 39, false);
      type = "string";
    } else if ((c === 69 || c === 101) && c2 === 39) {
      i = this.skipQuoted(i + 1, 39, true);
      type = "string";
    } else if (c === 34) {
      i = this.skipQuoted(i, 34, false);
      type = "ident";
      value = text.slice(start + 1, text.charCodeAt(i - 1) === 34 ? i - 1 : i).replace(/""/g, '"');
    } else if (c === 36) {
      DOLLAR_TAG.lastIndex = i;
      const m = DOLLAR_TAG.exec(text);
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 || close + m[0].length > end ? end : close + m[0].length;
        type = "string";
      } else {
        i++;
        while (i < end && isDigit(text.charCodeAt(i))) i++;
        type = "param";
      }
    } else if (isIdentStart(c)) {
      i++;
      while (i < end && isIdentPart(text.charCodeAt(i))) i++;
      type = "word";
      value = foldIdentifier(text.slice(start, i));
    } else if (isDigit(c) || c === 46 && isDigit(c2)) {
      i++;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (isDigit(d) || d === 46 || d === 95 || isIdentStart(d)) i++;
        else break;
      }
      type = "number";
    } else {
      i++;
      type = "punct";
    }
    this.pos = i;
    return { type, start, end: i, value: value ?? text.slice(start, i) };
  }
  /** Offset just past the closing quote (a doubled quote is an escaped one). */
  skipQuoted(open, quote, backslashEscapes) {
    const text = this.text;
    let i = open + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (backslashEscapes && c === 92) {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (text.charCodeAt(i + 1) === quote && i + 1 < this.end) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return this.end;
  }
};
function tokenize(text, from = 0, end = text.length) {
  const scanner = new SqlScanner(text, from, end);
  const tokens = [];
  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.type !== "comment") tokens.push(t);
  }
  return tokens;
}
function isIdentifier(token, name) {
  return token !== void 0 && (token.type === "word" || token.type === "ident") && token.value === name;
}
function findName(tokens, parts, from = 0) {
  outer: for (let i = Math.max(0, from); i < tokens.length; i++) {
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      if (!isIdentifier(tokens[i + 2 * p], part)) continue outer;
      if (p > 0 && tokens[i + 2 * p - 1]?.value !== ".") continue outer;
    }
    return i;
  }
  return -1;
}
function findKeyword(tokens, word, from = 0) {
  for (let i = Math.max(0, from); i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "word" && t.value === word) return i;
  }
  return -1;
}

// src/migrations/locate.ts
var StatementSource = class {
  constructor(text, map, tokens) {
    this.text = text;
    this.map = map;
    this.tokens = tokens;
  }
  text;
  map;
  tokens;
  get offset() {
    return this.tokens[0]?.start ?? 0;
  }
  get endOffset() {
    return this.tokens[this.tokens.length - 1]?.end ?? this.offset;
  }
  get start() {
    return this.map.position(this.offset);
  }
  /** Position of a parser byte location; the statement start when unknown. */
  at(byteLocation) {
    return byteLocation === void 0 ? this.start : this.map.bytePosition(byteLocation);
  }
  /** Position of a node's `location`. */
  atNode(node) {
    return this.at(location(node));
  }
  /** Index of the first token at or after a parser byte location. */
  tokenIndexAt(byteLocation) {
    const offset = this.map.byteToChar(byteLocation);
    const i = this.tokens.findIndex((t) => t.start >= offset);
    return i < 0 ? this.tokens.length : i;
  }
  /**
   * Position of a name the AST carries without a location: its first
   * spelling after the keyword sequence `after` (e.g. `['execute']`), or
   * anywhere in the statement. The statement start when not found.
   */
  findName(parts, after = []) {
    let from = 0;
    for (const word of after) {
      const k = findKeyword(this.tokens, word, from);
      if (k >= 0) from = k + 1;
    }
    let i = findName(this.tokens, parts, from);
    if (i < 0) i = findName(this.tokens, parts, 0);
    const token = i >= 0 ? this.tokens[i] : void 0;
    return token ? this.map.position(token.start) : this.start;
  }
  /** Source text between two token indexes (inclusive). */
  slice(first, last) {
    const a = this.tokens[first];
    const b = this.tokens[last];
    return a && b ? this.text.slice(a.start, b.end) : "";
  }
};
function locateStatements(parseResult, text, map) {
  const stmts = isNode(parseResult) && Array.isArray(parseResult.stmts) ? parseResult.stmts : [];
  const out = [];
  for (const raw of stmts) {
    if (!isNode(raw)) continue;
    const typed = unwrap(raw.stmt);
    if (!typed?.type) continue;
    const byteStart = typeof raw.stmt_location === "number" ? raw.stmt_location : 0;
    const byteLen = typeof raw.stmt_len === "number" ? raw.stmt_len : 0;
    const from = map.byteToChar(byteStart);
    const to = byteLen > 0 ? map.byteToChar(byteStart + byteLen) : text.length;
    const tokens = tokenize(text, from, to);
    while (tokens.length > 1 && tokens[tokens.length - 1]?.value === ";") tokens.pop();
    if (tokens.length === 0) continue;
    out.push({ kind: typed.type, node: typed.node, source: new StatementSource(text, map, tokens) });
  }
  return out;
}

// src/migrations/meta.ts
function blankMetaCommands(text) {
  if (!text.includes("\\")) return { text, metaCommands: [] };
  const metaCommands = [];
  const ranges = [];
  const scanner = new SqlScanner(text);
  let line = 1;
  let lineCountedUpTo = 0;
  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.value !== "\\" || t.type !== "punct" || !startsLine(text, t.start)) continue;
    let eol = text.indexOf("\n", t.start);
    if (eol < 0) eol = text.length;
    let last = eol;
    if (text.charCodeAt(last - 1) === 13) last--;
    for (let i = lineCountedUpTo; i < t.start; i++) if (text.charCodeAt(i) === 10) line++;
    lineCountedUpTo = t.start;
    metaCommands.push({ line, command: text.slice(t.start, last).trimEnd() });
    ranges.push([t.start, last]);
    scanner.pos = eol;
  }
  if (ranges.length === 0) return { text, metaCommands };
  const parts = [];
  let at = 0;
  for (const [from, to] of ranges) {
    parts.push(text.slice(at, from), " ".repeat(to - from));
    at = to;
  }
  parts.push(text.slice(at));
  return { text: parts.join(""), metaCommands };
}
function startsLine(text, offset) {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

// src/migrations/references.ts
var FIELD_ROLES = {
  "CreateStmt.relation": "skip",
  "IntoClause.rel": "skip",
  "ViewStmt.view": "skip",
  "CreateSeqStmt.sequence": "skip",
  "CompositeTypeStmt.typevar": "skip",
  "CreateTrigStmt.relation": "trigger-table",
  "CreatePolicyStmt.table": "policy",
  "IndexStmt.relation": "index-table",
  "AlterTableStmt.relation": "alter",
  "RenameStmt.relation": "alter",
  "AlterSeqStmt.sequence": "alter",
  "GrantStmt.objects": "other",
  "Constraint.pktable": "foreign-key"
};
var OPAQUE = /* @__PURE__ */ new Set([
  "DropStmt",
  "DropRoleStmt",
  "DropOwnedStmt",
  "ColumnRef",
  "String",
  "A_Const",
  "Integer",
  "Float",
  "Boolean",
  "BitString",
  "ParamRef",
  "TriggerTransition",
  "VariableSetStmt"
]);
var PSEUDO_TYPES = /* @__PURE__ */ new Set([
  "trigger",
  "event_trigger",
  "void",
  "record",
  "internal",
  "cstring",
  "any",
  "anyelement",
  "anyarray",
  "anynonarray",
  "anyenum",
  "anyrange",
  "anymultirange",
  "anycompatible",
  "anycompatiblearray",
  "anycompatiblenonarray",
  "anycompatiblerange",
  "anycompatiblemultirange",
  "language_handler",
  "fdw_handler",
  "table_am_handler",
  "index_am_handler",
  "tsm_handler"
]);
var FUNCTION_OBJTYPES = /* @__PURE__ */ new Set(["OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_AGGREGATE"]);
var RELATION_OBJTYPES = /* @__PURE__ */ new Set([
  "OBJECT_TABLE",
  "OBJECT_VIEW",
  "OBJECT_MATVIEW",
  "OBJECT_SEQUENCE",
  "OBJECT_INDEX",
  "OBJECT_FOREIGN_TABLE"
]);
var RELATION_KINDS = /* @__PURE__ */ new Set(["table", "view", "sequence", "index"]);
function collectReferences(kind, node, src, creates) {
  const refs = [];
  const ctes = cteNames(node);
  const add = (objectKind, name, role, position) => {
    if (name.schema === "pg_catalog") return;
    refs.push({ object: { kind: objectKind, ...name }, role, position });
  };
  const walk = (value, parentType, field2, objtype) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, parentType, field2, objtype);
      return;
    }
    const u = unwrap(value);
    if (!u) return;
    const n = u.node;
    const type = u.type ?? (field2 === "into" || field2 === "intoClause" ? "IntoClause" : void 0);
    if (type && OPAQUE.has(type)) return;
    const fieldRole = parentType && field2 ? FIELD_ROLES[`${parentType}.${field2}`] : void 0;
    switch (type) {
      case "RangeVar": {
        if (fieldRole === "skip") return;
        const name = rangeVarName(n);
        if (!name || name.schema === void 0 && ctes.has(name.name)) return;
        add("table", name, fieldRole ?? "from", src.atNode(n));
        return;
      }
      case "FuncCall": {
        const name = qualify(strings(n.funcname));
        if (name) add("function", name, "function-call", src.atNode(n));
        break;
      }
      case "TypeName": {
        const names = strings(n.names);
        const name = qualify(names);
        if (!name || n.pct_type === true || name.schema === void 0 && PSEUDO_TYPES.has(name.name)) return;
        add("type", name, "type", src.atNode(n));
        return;
      }
      case "RoleSpec": {
        const role = str(n, "rolename");
        if (str(n, "roletype") === "ROLESPEC_CSTRING" && role !== void 0) {
          add("role", { name: role }, "other", src.atNode(n));
        }
        return;
      }
      case "ObjectWithArgs":
        if (objtype && FUNCTION_OBJTYPES.has(objtype)) {
          const parts = strings(n.objname);
          const name = qualify(parts);
          if (name) add("function", name, parentType === "AlterFunctionStmt" ? "alter" : "other", src.findName(parts));
        }
        walk(n.objargs, type, "objargs", objtype);
        return;
      case "List":
        if (parentType === "CommentStmt" && objtype && listReference(strings(value), objtype, add, src)) return;
        break;
      case "AlterEnumStmt": {
        const parts = strings(n.typeName);
        const name = qualify(parts);
        if (name) add("type", name, "alter", src.findName(parts, ["type"]));
        return;
      }
      case "CreateTrigStmt": {
        const parts = strings(n.funcname);
        const name = qualify(parts);
        if (name) add("function", name, "trigger-function", src.findName(parts, ["execute"]));
        break;
      }
      case "CreateExtensionStmt":
        for (const opt of list(n, "options")) {
          const d = unwrap(opt);
          const schema = d && str(d.node, "defname") === "schema" ? strings([d.node.arg])[0] : void 0;
          if (schema !== void 0) add("schema", { name: schema }, "schema", src.findName([schema], ["schema"]));
        }
        return;
      default:
        break;
    }
    const ownObjtype = str(n, "objtype") ?? str(n, "objectType") ?? str(n, "renameType");
    for (const [key, v] of Object.entries(n)) {
      if (type === "FuncCall" && key === "funcname") continue;
      if (type === "CreateTrigStmt" && key === "funcname") continue;
      if (type === "CreateFunctionStmt" && (key === "funcname" || key === "options")) continue;
      if (v !== null && typeof v === "object") walk(v, type, key, ownObjtype ?? objtype);
    }
  };
  walk({ [kind]: node }, void 0, void 0, void 0);
  return finish(refs, creates);
}
function listReference(parts, objtype, add, src) {
  const relParts = objtype === "OBJECT_COLUMN" ? parts.slice(0, -1) : RELATION_OBJTYPES.has(objtype) ? parts : [];
  const name = qualify(relParts);
  if (!name) return false;
  add("table", name, "other", src.findName(relParts, ["on"]));
  return true;
}
function cteNames(root) {
  const names = /* @__PURE__ */ new Set();
  const visit = (v) => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (!isNode(v)) return;
    const cte = v.CommonTableExpr;
    if (isNode(cte) && typeof cte.ctename === "string") names.add(cte.ctename);
    for (const value of Object.values(v)) if (value !== null && typeof value === "object") visit(value);
  };
  visit(root);
  return names;
}
function finish(refs, creates) {
  const createdHere = (o) => creates.some(
    (c) => (c.kind === o.kind || RELATION_KINDS.has(c.kind) && RELATION_KINDS.has(o.kind)) && sameName(c, o)
  );
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const push = (r) => {
    if (createdHere(r.object)) return;
    const key = `${r.object.kind}|${r.object.schema ?? ""}|${r.object.name}|${r.role}|${r.position.line}:${r.position.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  const schemaOf = (name, position) => {
    if (name !== void 0 && name !== "pg_catalog") {
      push({ object: { kind: "schema", name }, role: "schema", position });
    }
  };
  for (const c of creates) {
    if (c.table === void 0 && c.kind !== "schema" && c.kind !== "extension" && c.kind !== "role") {
      schemaOf(c.schema, c.position);
    }
  }
  for (const r of refs) {
    push(r);
    if (r.object.kind !== "schema") schemaOf(r.object.schema, r.position);
  }
  out.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  return out;
}

// src/migrations/parse.ts
var loading;
function loadParser() {
  loading ??= loadModule();
  return loading;
}
async function parseSql(text, file) {
  await loadParser();
  const { text: sql, metaCommands } = blankMetaCommands(text);
  const base = { file, text, metaCommands };
  if (sql.trim() === "") {
    return { ...base, statements: [], managesTransaction: false };
  }
  const map = new PositionMap(sql);
  let tree;
  try {
    tree = parseSync(sql);
  } catch (error) {
    return { ...base, statements: [], managesTransaction: false, syntaxError: toSyntaxError(error, map) };
  }
  const statements = locateStatements(tree, sql, map).map((s, index) => toStatement(s, index));
  const first = statements[0]?.transaction;
  const managesTransaction = first === "begin" && statements.slice(1).some((s) => s.transaction === "commit");
  return { ...base, statements, managesTransaction };
}
function toStatement({ kind, node, source }, index) {
  const creates = collectCreates(kind, node, source);
  const transaction = transactionControl(kind, node);
  return {
    index,
    sql: source.text.slice(source.offset, source.endOffset),
    offset: source.offset,
    start: source.start,
    end: source.map.position(Math.max(source.offset, source.endOffset - 1)),
    kind,
    creates,
    references: collectReferences(kind, node, source, creates),
    ...transaction ? { transaction } : {},
    nonTransactional: isNonTransactional(kind, node),
    drops: collectDrops(kind, node),
    ...optional("addsForeignKeys", alteredForeignKeys(kind, node, source))
  };
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}
function transactionControl(kind, node) {
  if (kind !== "TransactionStmt") return void 0;
  switch (str(node, "kind")) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      return "begin";
    case "TRANS_STMT_COMMIT":
    case "TRANS_STMT_PREPARE":
      return "commit";
    case "TRANS_STMT_ROLLBACK":
      return "rollback";
    case "TRANS_STMT_SAVEPOINT":
    case "TRANS_STMT_ROLLBACK_TO":
      return "savepoint";
    case "TRANS_STMT_RELEASE":
      return "release";
    default:
      return void 0;
  }
}
function isNonTransactional(kind, node) {
  switch (kind) {
    case "IndexStmt":
    case "DropStmt":
      return bool(node, "concurrent");
    case "ReindexStmt":
      return childrenOf(node, "params", "DefElem").some((d) => str(d, "defname") === "concurrently");
    case "VacuumStmt":
      return bool(node, "is_vacuumcmd");
    case "CreatedbStmt":
    case "DropdbStmt":
    case "AlterSystemStmt":
    case "CreateTableSpaceStmt":
    case "DropTableSpaceStmt":
      return true;
    case "TransactionStmt": {
      const k = str(node, "kind");
      return k === "TRANS_STMT_COMMIT_PREPARED" || k === "TRANS_STMT_ROLLBACK_PREPARED";
    }
    case "AlterTableStmt":
      return childrenOf(node, "cmds", "AlterTableCmd").some(
        (c) => str(c, "subtype") === "AT_DetachPartition" && bool(child(c, "def"), "concurrent")
      );
    default:
      return false;
  }
}
function toSyntaxError(error, map) {
  const message = error instanceof Error ? error.message : String(error);
  const details = error?.sqlDetails;
  const cursor = typeof details?.cursorPosition === "number" ? details.cursorPosition : 0;
  const { line, column } = map.position(map.codePointToChar(cursor));
  return { message, line, column };
}

// src/readiness/prerequisites.ts
async function missingDependencies(client, parsed) {
  const candidates = unresolvedReferences(parsed.statements);
  const unique = [...new Map(candidates.map((c) => [objectKey(c.object), c.object])).values()];
  if (unique.length === 0) return [];
  const { rows: rows2 } = await client.query(gateSql("resolve-objects.sql"), [
    unique.map((o) => kindClass(o.kind)),
    unique.map((o) => o.schema ?? null),
    unique.map((o) => o.name)
  ]);
  const existing = new Set(rows2.map((row) => objectKey(unique[row.i - 1])));
  const missing = /* @__PURE__ */ new Map();
  for (const candidate of candidates) {
    const key = objectKey(candidate.object);
    if (existing.has(key)) continue;
    const entry = missing.get(key) ?? {
      object: candidate.object,
      display: displayName(candidate.object),
      positions: [],
      statements: [],
      blocks: { direct: [], dependent: [] }
    };
    entry.positions.push(candidate.position);
    if (!entry.statements.includes(candidate.statement)) entry.statements.push(candidate.statement);
    missing.set(key, entry);
  }
  for (const entry of missing.values()) entry.blocks = blockedBy(entry, parsed.statements);
  return [...missing.values()].sort(
    (a, b) => a.positions[0].line - b.positions[0].line || Number(b.object.kind === "schema") - Number(a.object.kind === "schema") || a.positions[0].column - b.positions[0].column
  );
}
function unresolvedReferences(statements) {
  const created2 = /* @__PURE__ */ new Set();
  const candidates = [];
  for (const statement of statements) {
    for (const reference of statement.references) {
      if (!created2.has(objectKey(reference.object))) {
        candidates.push({ object: reference.object, position: reference.position, statement });
      }
    }
    for (const object of statement.creates) created2.add(objectKey(object));
    for (const object of statement.drops) created2.delete(objectKey(object));
  }
  return candidates;
}
function blockedBy(missing, statements) {
  const unavailable = /* @__PURE__ */ new Set();
  const direct = [];
  const dependent = [];
  for (const statement of statements) {
    const needsMissing = missing.statements.includes(statement);
    const needsBlocked = !needsMissing && statement.references.some((r) => unavailable.has(objectKey(r.object)));
    if (!needsMissing && !needsBlocked) continue;
    for (const object of statement.creates) {
      unavailable.add(objectKey(object));
      (needsMissing ? direct : dependent).push(object);
    }
  }
  return { direct, dependent };
}
function kindClass(kind) {
  return ["table", "view", "sequence", "index"].includes(kind) ? "relation" : kind;
}
function objectKey(object) {
  const schema = object.kind === "schema" ? "" : `${object.schema ?? "public"}.`;
  return `${kindClass(object.kind)}:${schema}${object.name}`;
}
function displayName(object) {
  const qualified2 = object.schema && object.schema !== "public" ? `${object.schema}.${object.name}` : object.name;
  return object.kind === "function" ? `${qualified2}()` : qualified2;
}

// src/readiness/creators.ts
var SKIPPED_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git", "dist", "coverage", ".tmp"]);
var MAX_FILES = 2e3;
async function requiredActions(missing, root, cwd, exclude) {
  if (missing.length === 0) return [];
  const wanted = new Map(missing.map((m) => [objectKey(m.object), m]));
  const creators = /* @__PURE__ */ new Map();
  const excluded = new Set(exclude.map((file) => path4.resolve(cwd, file)));
  for (const file of sqlFiles(root)) {
    if (excluded.has(file) || /\.down\.sql$/i.test(file)) continue;
    let text;
    try {
      text = readSqlFile(file, cwd);
    } catch {
      continue;
    }
    const parsed = await parseSql(text, displayPath(file, cwd));
    for (const statement of parsed.statements) {
      for (const created2 of statement.creates) {
        const key = objectKey(created2);
        if (!wanted.has(key)) continue;
        const list3 = creators.get(key) ?? [];
        if (!list3.includes(parsed.file)) list3.push(parsed.file);
        creators.set(key, list3);
      }
    }
  }
  return missing.map((m) => ({
    object: m.display,
    kind: m.object.kind,
    createdBy: creators.get(objectKey(m.object)) ?? [],
    lines: [...new Set(m.positions.map((p) => p.line))]
  }));
}
function sqlFiles(root) {
  const found2 = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync2(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found2.length >= MAX_FILES) return;
      const full = path4.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith(".sql")) found2.push(full);
    }
  };
  walk(root);
  return found2;
}

// src/migrations/text.ts
function linesOf(text, from, to) {
  return text.split("\n").slice(from - 1, to).join("\n");
}

// src/types.ts
var TASK_IDS = [
  "schema",
  "rls",
  "indexes",
  "triggers",
  "enums",
  "integration",
  "readiness",
  "rollback"
];
var TASK_TITLES = {
  schema: "Schema Validation",
  rls: "RLS Policy Validation",
  indexes: "Index Performance Validation",
  triggers: "Trigger Function Validation",
  enums: "Enum Type Validation",
  integration: "Integration Point Validation",
  readiness: "Production Readiness Checks",
  rollback: "Rollback Procedure"
};

// src/readiness/impact.ts
var PLURALS = {
  index: "indexes",
  policy: "policies",
  schema: "schemas",
  type: "types"
};
function countOf(count, kind) {
  const plural = PLURALS[kind] ?? `${kind}s`;
  return `${count} ${count === 1 ? kind : plural}`;
}
function byKind(objects) {
  const groups = /* @__PURE__ */ new Map();
  for (const object of objects) groups.set(object.kind, [...groups.get(object.kind) ?? [], object]);
  return groups;
}
function impactText(blocks) {
  if (blocks.direct.length === 0) return "The statement referencing it fails";
  const describe2 = (objects, names) => [...byKind(objects)].map(([kind, list3]) => {
    const listed = names && list3.length <= 5 ? ` (${list3.map(displayName).join(", ")})` : "";
    return `${countOf(list3.length, kind)}${listed}`;
  }).join(", ");
  const direct = `Cannot create ${describe2(blocks.direct, true)}`;
  if (blocks.dependent.length === 0) return direct;
  return `${direct}; blocks ${describe2(blocks.dependent, false)} that depend on them`;
}

// src/readiness/task.ts
var MESSAGES = {
  schema: (name) => `schema "${name}" does not exist`,
  function: (name) => `function ${name} does not exist`,
  type: (name) => `type "${name}" does not exist`
};
function readinessTask(input) {
  const { target, missing, sessions, applied } = input;
  const checks = [];
  const findings = [];
  const add = (check, ...found2) => {
    checks.push(check);
    findings.push(...found2);
  };
  for (const entry of missing) {
    const kind = entry.object.kind === "view" || entry.object.kind === "sequence" ? "relation" : entry.object.kind;
    const lines = [...new Set(entry.positions.map((p) => p.line))];
    const first = entry.positions[0];
    add(
      {
        name: `Prerequisite ${kind} ${entry.display} exists`,
        status: "FAIL",
        finding: `${entry.display} missing (referenced on line${lines.length > 1 ? "s" : ""} ${lines.join(", ")})`
      },
      {
        severity: "critical",
        rule: `missing-${kind === "table" ? "relation" : kind}`,
        message: (MESSAGES[kind] ?? ((name) => `relation "${name}" does not exist`))(entry.display),
        object: entry.display,
        file: target.file,
        line: first.line,
        column: first.column,
        lines,
        task: "readiness",
        excerpt: excerpt(target.text, entry.statements[0], first.line),
        impact: impactText(entry.blocks)
      }
    );
  }
  if (missing.length === 0) {
    add({
      name: "Referenced objects exist",
      status: "PASS",
      finding: "every object the migration references exists or is created by it first"
    });
  }
  add(
    sessions.length === 0 ? { name: "No active locks", status: "PASS", finding: "no other session holds locks or a long transaction" } : {
      name: "No active locks",
      status: "WARN",
      finding: `${sessions.length} session(s) hold locks or long transactions`
    },
    ...sessions.map((s) => ({
      severity: "warning",
      rule: "blocking-session",
      message: `session ${s.pid} (${s.usename ?? "unknown user"}, ${s.state ?? "unknown state"}) holds ${s.relationLocks} relation lock(s)${s.xactSeconds ? `, transaction open ${s.xactSeconds}s` : ""}`,
      task: "readiness"
    }))
  );
  const nonTransactional = target.statements.filter((s) => s.nonTransactional);
  if (target.managesTransaction) {
    add({
      name: "Migration is transactional",
      status: "PASS",
      finding: "wrapped in BEGIN \u2026 COMMIT: a failure leaves nothing behind"
    });
  } else {
    add(
      {
        name: "Migration is transactional",
        status: "WARN",
        finding: "no BEGIN \u2026 COMMIT: a failure part-way leaves a partial schema unless the runner wraps it"
      },
      {
        severity: "warning",
        rule: "not-transactional",
        message: "the migration does not wrap itself in BEGIN \u2026 COMMIT",
        file: target.file,
        line: 1,
        column: 1,
        task: "readiness"
      }
    );
  }
  for (const statement of nonTransactional) {
    findings.push({
      severity: "warning",
      rule: "non-transactional-statement",
      message: `${statement.sql.split(/\s+/).slice(0, 4).join(" ")} cannot run inside a transaction block${applied.skipped.includes(statement) ? ": not run here, as the gate may not commit on this database (--commit allows it)" : ""}`,
      file: target.file,
      line: statement.start.line,
      column: statement.start.column,
      task: "readiness"
    });
  }
  if (target.metaCommands.length > 0) {
    add(
      {
        name: "Plain SQL (no psql meta-commands)",
        status: "FAIL",
        finding: `${target.metaCommands.length} psql meta-command(s): migration runners other than psql reject them`
      },
      ...target.metaCommands.map((meta) => ({
        severity: "error",
        rule: "psql-meta-command",
        message: `psql meta-command ${meta.command.split(/\s/)[0]} is not SQL: migration runners (and the database) reject it`,
        file: target.file,
        line: meta.line,
        column: 1,
        task: "readiness",
        excerpt: meta.command
      }))
    );
  }
  add(...executionCheck(target, applied, missing));
  for (const extra of input.extraChecks ?? []) add(extra.check, ...extra.findings);
  const status = checks.some((c) => c.status === "FAIL") ? "FAIL" : checks.some((c) => c.status === "WARN") ? "WARN" : "PASS";
  return {
    id: "readiness",
    title: TASK_TITLES.readiness,
    status,
    summary: summary(missing, applied),
    findings,
    checks
  };
}
function executionCheck(target, applied, missing) {
  if (target.syntaxError) {
    const { line, column, message } = target.syntaxError;
    return [
      { name: "Migration can execute", status: "FAIL", finding: `syntax error at line ${line}:${column}: ${message}` },
      {
        severity: "critical",
        rule: "syntax-error",
        message,
        file: target.file,
        line,
        column,
        task: "readiness",
        excerpt: linesOf(target.text, Math.max(1, line - 1), line + 1)
      }
    ];
  }
  if (applied.status === "applied") {
    return [
      {
        name: "Migration can execute",
        status: "PASS",
        finding: `${applied.statements} statements applied in ${Math.round(applied.ms)} ms`
      }
    ];
  }
  const { error, statement } = applied;
  const where = `line ${error.position.line}:${error.position.column}`;
  const check = {
    name: "Migration can execute",
    status: "FAIL",
    finding: `fails at ${where}: ${error.message}${applied.rolledBack ? " (rolled back: nothing of it remains)" : ""}`
  };
  if (error.object && missing.some((m) => m.display.replace(/\(\)$/, "") === error.object)) return [check];
  return [
    check,
    {
      severity: "critical",
      rule: error.rule,
      message: error.message,
      ...error.object ? { object: error.object } : {},
      file: target.file,
      line: error.position.line,
      column: error.position.column,
      endLine: statement.end.line,
      task: "readiness",
      excerpt: excerpt(target.text, statement, error.position.line),
      impact: applied.rolledBack ? "The migration cannot be applied; its transaction rolls back entirely" : "The migration stops here; statements before it remain applied"
    }
  ];
}
function summary(missing, applied) {
  if (missing.length > 0) return `Missing ${missing.map((m) => m.display).join(", ")}`;
  if (applied.status === "failed") return `Fails at line ${applied.error.position.line}: ${applied.error.message}`;
  return "Prerequisites present; migration applies";
}
function excerpt(text, statement, line) {
  const from = Math.max(statement.start.line, line - 3);
  const to = Math.min(statement.end.line, from + 7);
  return linesOf(text, from, to);
}

// src/report/verdict.ts
function verdictOf(tasks) {
  return tasks.some((t) => t.status === "FAIL" || t.status === "BLOCKED") ? "BLOCKED" : "APPROVED";
}

// src/inputs.ts
import path6 from "node:path";

// src/migrations/discover.ts
import { existsSync as existsSync2, readdirSync as readdirSync3, statSync as statSync2 } from "node:fs";
import path5 from "node:path";
var DOWN = /\.down\.sql$/i;
var UP = /(\.up)?\.sql$/i;
function discoverMigrations(dir) {
  if (!existsSync2(dir)) throw new ConfigError(`migrations directory not found: ${dir}`);
  if (!statSync2(dir).isDirectory()) throw new ConfigError(`--dir is not a directory: ${dir}`);
  const names = readdirSync3(dir).filter((name) => /\.sql$/i.test(name));
  const downs = new Map(names.filter((name) => DOWN.test(name)).map((name) => [name.replace(DOWN, ""), name]));
  return names.filter((name) => !DOWN.test(name)).sort(compareMigrationNames).map((name) => {
    const down = downs.get(name.replace(UP, ""));
    return {
      name,
      path: path5.join(dir, name),
      ...down ? { downPath: path5.join(dir, down) } : {}
    };
  });
}
function compareMigrationNames(a, b) {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== void 0 && nb !== void 0 && na !== nb) {
    const diff = BigInt(na) - BigInt(nb);
    if (diff !== 0n) return diff < 0n ? -1 : 1;
  }
  if (na === void 0 !== (nb === void 0)) return na === void 0 ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
function selectTarget(migrations, target, dir) {
  if (migrations.length === 0) throw new ConfigError(`no .sql migrations in ${dir}`);
  if (target === void 0) return migrations[migrations.length - 1];
  const wanted = path5.resolve(target);
  const found2 = migrations.find(
    (m) => m.name === target || path5.resolve(m.path) === wanted || m.name.replace(UP, "") === target
  );
  if (found2) return found2;
  const available = migrations.map((m) => m.name).join(", ");
  throw new ConfigError(`target not found: ${target} (migrations in ${dir}: ${available})`);
}
function earlierMigrations(migrations, target) {
  return migrations.slice(0, migrations.indexOf(target));
}

// src/migrations/sections.ts
var MARKER = /^--\s*migrate:(up|down)\b.*$/gm;
function splitSections(text) {
  const markers = [...text.matchAll(MARKER)];
  if (markers.length === 0) return { up: text };
  const ranges = { up: [], down: [] };
  markers.forEach((marker, i) => {
    const start = marker.index + marker[0].length;
    const end = markers[i + 1]?.index ?? text.length;
    ranges[marker[1]].push([start, end]);
  });
  const keep = (wanted) => text.replace(
    /[^\n]/g,
    (char, offset) => wanted.some(([start, end]) => offset >= start && offset < end) ? char : " "
  );
  return {
    up: keep(ranges.up),
    ...ranges.down.length > 0 ? { down: keep(ranges.down) } : {}
  };
}

// src/inputs.ts
async function loadInputs(paths) {
  const migrations = discoverMigrations(paths.dir);
  const target = selectTarget(migrations, paths.target, displayPath(paths.dir, paths.cwd));
  const setup = [];
  const add = async (role, file) => {
    setup.push({ role, parsed: await parseFile(file, paths.cwd, role !== "earlier") });
  };
  if (paths.baseline) await add("baseline", paths.baseline);
  for (const file of paths.prerequisites) await add("prerequisite", file);
  for (const migration of earlierMigrations(migrations, target)) await add("earlier", migration.path);
  for (const file of paths.fixtures) await add("fixture", file);
  const text = readSqlFile(target.path, paths.cwd);
  const sections = splitSections(text);
  const shown = displayPath(target.path, paths.cwd);
  const parsedTarget = await parseSql(sections.up, shown);
  if (!parsedTarget.syntaxError && parsedTarget.statements.length === 0) {
    throw new ConfigError(`${shown} contains no SQL statements: nothing to check`);
  }
  let down;
  if (target.downPath) down = await parseFile(target.downPath, paths.cwd, false);
  else if (sections.down !== void 0) down = await parseSql(sections.down, shown);
  return {
    setup,
    target: parsedTarget,
    targetName: target.name,
    migrations,
    ...down ? { down } : {}
  };
}
async function parseFile(file, cwd, strict) {
  const shown = displayPath(file, cwd);
  const parsed = await parseSql(splitSections(readSqlFile(path6.resolve(cwd, file), cwd)).up, shown);
  if (strict && parsed.syntaxError) {
    const { line, column, message } = parsed.syntaxError;
    throw new ConfigError(`${shown}:${line}:${column}: ${message}`);
  }
  return parsed;
}

// src/apply/baseline.ts
var PSEUDO_ROLES = /* @__PURE__ */ new Set(["public", "current_user", "session_user", "current_role"]);
async function prepareBaseline(client, parsed) {
  const findings = [];
  const createdHere = new Set(
    parsed.statements.flatMap((s) => s.creates.filter((o) => o.kind === "role").map((o) => o.name))
  );
  const roles = /* @__PURE__ */ new Map();
  for (const statement of parsed.statements) {
    for (const ref of statement.references) {
      const name = ref.object.name;
      if (ref.object.kind === "role" && !PSEUDO_ROLES.has(name.toLowerCase()) && !createdHere.has(name) && !roles.has(name)) {
        roles.set(name, statement);
      }
    }
  }
  if (roles.size > 0) {
    const { rows: rows2 } = await client.query(
      "SELECT rolname AS name FROM pg_roles WHERE rolname = ANY($1)",
      [[...roles.keys()]]
    );
    const existing = new Set(rows2.map((r) => r.name));
    for (const [name, statement] of roles) {
      if (existing.has(name)) continue;
      await client.query(`CREATE ROLE ${client.escapeIdentifier(name)} NOLOGIN`);
      findings.push(
        info(
          "baseline-role-created",
          `role ${name} does not exist on this server: created it (NOLOGIN) so the baseline's OWNER TO / GRANT apply`,
          parsed,
          statement,
          name
        )
      );
    }
  }
  const skip = /* @__PURE__ */ new Set();
  const wanted = parsed.statements.flatMap(
    (s) => s.creates.filter((o) => o.kind === "extension").map((o) => ({ name: o.name, statement: s }))
  );
  if (wanted.length > 0) {
    const { rows: rows2 } = await client.query(
      "SELECT name FROM pg_available_extensions WHERE name = ANY($1)",
      [wanted.map((w) => w.name)]
    );
    const available = new Set(rows2.map((r) => r.name));
    const missing = new Set(wanted.filter((w) => !available.has(w.name)).map((w) => w.name));
    for (const statement of parsed.statements) {
      const names = [...statement.creates, ...statement.references.map((r) => r.object)].filter(
        (o) => o.kind === "extension" && missing.has(o.name)
      );
      const commented = commentedExtension(statement);
      if (names.length > 0 || commented !== void 0 && missing.has(commented)) skip.add(statement);
    }
    for (const { name, statement } of wanted.filter((w) => missing.has(w.name))) {
      findings.push({
        ...info(
          "baseline-extension-missing",
          `extension ${name} is not available on this server: skipped it; objects of the baseline that need it will fail (use --image with a server that has it)`,
          parsed,
          statement,
          name
        ),
        severity: "warning"
      });
    }
  }
  return { skip, findings };
}
function commentedExtension(statement) {
  if (statement.kind !== "CommentStmt") return void 0;
  const match = /^COMMENT\s+ON\s+EXTENSION\s+(?:"((?:[^"]|"")+)"|([^\s"]+))\s+IS\b/i.exec(statement.sql);
  if (!match) return void 0;
  return match[1] !== void 0 ? match[1].replace(/""/g, '"') : match[2].toLowerCase();
}
function info(rule, message, parsed, statement, object) {
  return {
    severity: "info",
    rule,
    message,
    object,
    file: parsed.file,
    line: statement.start.line,
    column: statement.start.column,
    task: "readiness"
  };
}

// src/apply/setup.ts
async function applySetup(client, inputs, options, fresh) {
  const findings = [];
  for (const { role, parsed } of inputs.setup) {
    if (!fresh && (role === "baseline" || role === "earlier")) continue;
    if (role === "earlier" && parsed.syntaxError) {
      const { line, column, message } = parsed.syntaxError;
      return { findings, brokenHistory: historyFinding(parsed.file, line, column, message) };
    }
    if (parsed.syntaxError) {
      const { line, column, message } = parsed.syntaxError;
      throw new ConfigError(`${role} ${parsed.file}:${line}:${column}: ${message}`);
    }
    const prepared = role === "baseline" ? await prepareBaseline(client, parsed) : { skip: /* @__PURE__ */ new Set(), findings: [] };
    findings.push(...prepared.findings);
    const result = await options.progress.step(
      `apply ${role} ${parsed.file}`,
      () => applyFile(client, parsed, options.apply, prepared.skip)
    );
    if (result.status === "failed" && role === "earlier") {
      const { line, column } = result.error.position;
      return { findings, brokenHistory: historyFinding(parsed.file, line, column, result.error.message) };
    }
    if (result.status === "failed") {
      const { line, column } = result.error.position;
      const missing = prepared.findings.filter((f) => f.rule === "baseline-extension-missing").map((f) => f.object);
      const hint = missing.length > 0 ? ` (this server lacks extension(s) ${missing.join(", ")}: try --image)` : "";
      throw new ConfigError(
        `${role} ${parsed.file}:${line}:${column} failed before the target could be checked: ${result.error.message}${hint}`
      );
    }
    if (role !== "earlier") await client.query("RESET ALL");
  }
  return { findings };
}
function baselineCheck(findings) {
  if (findings.length === 0) return void 0;
  const warn = findings.some((f) => f.severity === "warning");
  const check = {
    name: "Baseline loads",
    status: warn ? "WARN" : "INFO",
    finding: findings.map((f) => f.message).join("; ")
  };
  return { check, findings };
}
function historyFinding(file, line, column, message) {
  return {
    severity: "critical",
    rule: "earlier-migration-fails",
    message: `earlier migration ${file} fails: ${message}`,
    file,
    line,
    column,
    task: "readiness",
    impact: "The migration under review cannot be checked: the history it builds on does not apply"
  };
}

// src/catalog/decode.ts
function decoder(what, codes) {
  return (code) => {
    if (!Object.hasOwn(codes, code)) throw new Error(`unknown ${what} code '${code}' in the catalog`);
    return codes[code];
  };
}
var relationKind = decoder("relkind", {
  r: "table",
  p: "partitioned",
  v: "view",
  m: "matview",
  f: "foreign"
});
var fkAction = decoder("foreign key action", {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT"
});
var policyCommand = decoder("polcmd", {
  "*": "ALL",
  r: "SELECT",
  a: "INSERT",
  w: "UPDATE",
  d: "DELETE"
});
var functionKind = decoder("prokind", { f: "f", p: "p", a: "a", w: "w" });
var volatility = decoder("provolatile", {
  i: "IMMUTABLE",
  s: "STABLE",
  v: "VOLATILE"
});
var triggerFiring = decoder("tgenabled", {
  O: "ORIGIN",
  R: "REPLICA",
  A: "ALWAYS",
  D: "DISABLED"
});
var otherTypeKind = decoder("typtype", {
  d: "domain",
  c: "composite",
  r: "range",
  b: "base"
});
var TRIGGER_TYPE_ROW = 1 << 0;
var TRIGGER_TYPE_BEFORE = 1 << 1;
var TRIGGER_TYPE_INSTEAD = 1 << 6;
var TRIGGER_EVENT_BITS = [
  [1 << 2, "INSERT"],
  [1 << 4, "UPDATE"],
  [1 << 3, "DELETE"],
  [1 << 5, "TRUNCATE"]
];
function triggerType(bits) {
  const timing = bits & TRIGGER_TYPE_INSTEAD ? "INSTEAD OF" : bits & TRIGGER_TYPE_BEFORE ? "BEFORE" : "AFTER";
  return {
    timing,
    events: TRIGGER_EVENT_BITS.filter(([bit]) => bits & bit).map(([, event]) => event),
    forEach: bits & TRIGGER_TYPE_ROW ? "ROW" : "STATEMENT"
  };
}

// src/catalog/rows.ts
function toTable(row) {
  return {
    schema: row.schema,
    name: row.name,
    kind: relationKind(row.relkind),
    columns: row.columns,
    partitionKey: row.partition_key,
    partitionOf: row.parent_schema !== null && row.parent_name !== null ? { schema: row.parent_schema, name: row.parent_name } : null,
    partitionBound: row.partition_bound,
    rlsEnabled: row.rls_enabled,
    rlsForced: row.rls_forced,
    unlogged: row.unlogged,
    definition: row.definition
  };
}
function toConstraint(row) {
  const base = {
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: row.definition,
    columns: row.columns,
    validated: row.validated,
    deferrable: row.deferrable,
    deferred: row.deferred,
    inherited: row.inherited
  };
  if (row.type === "f") {
    return {
      ...base,
      type: "f",
      refTable: { schema: row.ref_schema ?? "", name: row.ref_table ?? "" },
      refColumns: row.ref_columns,
      onDelete: fkAction(row.on_delete),
      onUpdate: fkAction(row.on_update)
    };
  }
  if (row.type === "p" || row.type === "u" || row.type === "c" || row.type === "x") return { ...base, type: row.type };
  throw new Error(`unexpected constraint type '${row.type}' in the catalog`);
}
function toPolicy({ with_check, command, ...rest }) {
  return { ...rest, command: policyCommand(command), withCheck: with_check };
}
function toFunction(row) {
  return {
    schema: row.schema,
    name: row.name,
    identityArgs: row.identity_args,
    resultType: row.result_type,
    language: row.language,
    securityDefiner: row.security_definer,
    config: row.config,
    kind: functionKind(row.kind),
    volatility: volatility(row.volatility),
    strict: row.strict,
    source: row.source
  };
}
function toTrigger(row) {
  const firing = triggerFiring(row.enabled);
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    function: { schema: row.function_schema, name: row.function_name },
    ...triggerType(row.type_bits),
    enabled: firing !== "DISABLED",
    firing,
    definition: row.definition,
    inherited: row.inherited
  };
}
function splitTypes(typeRows) {
  const enums = [];
  const types = [];
  for (const { schema, name, typtype, values, definition } of typeRows) {
    if (typtype === "e") enums.push({ schema, name, values: values ?? [] });
    else types.push({ schema, name, kind: otherTypeKind(typtype), definition });
  }
  return { enums, types };
}
function toSequence(row) {
  const { owner_schema: schema, owner_table: table, owner_column: column } = row;
  return {
    schema: row.schema,
    name: row.name,
    dataType: row.data_type,
    start: row.start,
    increment: row.increment,
    minValue: row.min_value,
    maxValue: row.max_value,
    cycle: row.cycle,
    ownedBy: schema !== null && table !== null && column !== null ? { schema, table, column } : null,
    identity: row.identity
  };
}

// src/catalog/snapshot.ts
var PREPARED_STATEMENT_MISSING = "26000";
async function rows(client, file, params = []) {
  const text = gateSql(`catalog/${file}`);
  try {
    return (await client.query({ name: `migration-gate:catalog/${file}`, text, values: params })).rows;
  } catch (error) {
    if (error.code !== PREPARED_STATEMENT_MISSING) throw error;
    return (await client.query(text, params)).rows;
  }
}
async function takeSnapshot(client) {
  const pinned = await rows(client, "pin-settings.sql");
  const restore = () => rows(client, "restore-settings.sql", [pinned.map((row) => row.name), pinned.map((row) => row.previous)]);
  let snapshot;
  try {
    snapshot = await readFamilies(client);
  } catch (error) {
    await restore().catch(() => void 0);
    throw error;
  }
  await restore();
  return snapshot;
}
async function readFamilies(client) {
  const schemas = (await rows(client, "schemas.sql")).map((row) => row.name);
  const tables = (await rows(client, "tables.sql")).map(toTable);
  const indexes = await rows(client, "indexes.sql");
  const constraints = (await rows(client, "constraints.sql")).map(toConstraint);
  const policies = (await rows(client, "policies.sql")).map(toPolicy);
  const functions = (await rows(client, "functions.sql")).map(toFunction);
  const triggers = (await rows(client, "triggers.sql")).map(toTrigger);
  const { enums, types } = splitTypes(await rows(client, "types.sql"));
  const sequences = (await rows(client, "sequences.sql")).map(toSequence);
  const extensions = await rows(client, "extensions.sql");
  return { schemas, tables, indexes, constraints, policies, functions, triggers, enums, types, sequences, extensions };
}

// src/readiness/history.ts
async function historySnapshot(inputs, apply, startScratch = startEmbedded) {
  const silent = new Progress();
  return withDatabase(
    () => startScratch(silent),
    (db) => withClient(db, async (client) => {
      for (const { role, parsed } of inputs.setup) {
        if (role !== "earlier") continue;
        const result = await applyFile(client, parsed, { ...apply, nested: false });
        if (result.status === "failed") {
          const { line, column } = result.error.position;
          throw new ConfigError(
            `earlier migration ${parsed.file}:${line}:${column} fails on an empty database: ${result.error.message}`
          );
        }
      }
      return takeSnapshot(client);
    })
  );
}

// src/migrations/foreign-keys.ts
function declaredForeignKeys(statements) {
  return statements.flatMap((statement) => [
    ...statement.creates.flatMap(
      (table) => table.details?.kind === "table" ? table.details.foreignKeys.map((foreignKey) => ({ table, foreignKey })) : []
    ),
    ...statement.addsForeignKeys ?? []
  ]);
}

// src/validators/blocked.ts
var TASK_KINDS = {
  schema: ["table"],
  rls: ["policy"],
  indexes: ["index"],
  triggers: ["function", "trigger"],
  enums: ["type"],
  integration: ["table"]
};
function blockedTasks(target, notApplied, reason, missingTargets) {
  const notCreated = notApplied.flatMap((s) => s.creates);
  const foreignKeys2 = declaredForeignKeys(notApplied);
  return Object.keys(TASK_KINDS).map((id) => {
    const objects = notCreated.filter((o) => TASK_KINDS[id].includes(o.kind) && relevant(id, o));
    const findings = id === "integration" ? foreignKeyFindings(target, foreignKeys2, missingTargets) : objectFindings(id, target, objects);
    if (findings.length === 0) {
      return { id, title: TASK_TITLES[id], status: "N/A", summary: "Nothing of this kind in the migration", findings };
    }
    return { id, title: TASK_TITLES[id], status: "BLOCKED", summary: summaryFor(id, objects, reason), findings };
  });
}
function relevant(id, object) {
  if (id === "enums") return object.details?.kind === "type" && object.details.enumValues !== void 0;
  if (id === "triggers" && object.kind === "function")
    return object.details?.kind === "function" && object.details.returnsTrigger;
  return true;
}
function summaryFor(id, objects, reason) {
  switch (id) {
    case "schema":
      return `Tables blocked from creation: ${reason}`;
    case "rls":
      return `Cannot create ${countOf(objects.length, "policy")}: ${reason}`;
    case "indexes":
      return `Cannot create ${countOf(objects.length, "index")}: tables blocked from creation`;
    case "triggers":
      return `${countOf(objects.filter((o) => o.kind === "function").length, "function")}, ${countOf(objects.filter((o) => o.kind === "trigger").length, "trigger")} blocked`;
    case "enums":
      return `${countOf(objects.length, "type")} not created: ${reason}`;
    case "integration":
      return `Foreign keys not created: ${reason}`;
  }
}
function objectFindings(id, target, objects) {
  return objects.map((object) => ({
    severity: "error",
    rule: "not-created",
    message: `${object.kind} ${displayName(object)}${describe(object)} was not created`,
    object: displayName(object),
    file: target.file,
    line: object.position.line,
    column: object.position.column,
    task: id
  }));
}
function describe(object) {
  const details = object.details;
  if (details?.kind === "table" && details.partitionOf)
    return ` (partition of ${displayName({ kind: "table", ...details.partitionOf })})`;
  if (details?.kind === "table")
    return ` (${details.columns.length} columns${details.partitioned ? ", partitioned" : ""})`;
  if (details?.kind === "type" && details.enumValues) return ` (${details.enumValues.length} values)`;
  if (details?.kind === "policy") return ` (${details.command} on ${object.table?.name ?? "?"})`;
  if (details?.kind === "trigger")
    return ` (${details.timing} ${details.events.join(" OR ")} on ${object.table?.name ?? "?"})`;
  return "";
}
function foreignKeyFindings(target, pending, missingTargets) {
  return pending.map(({ table, foreignKey: fk }) => {
    const from = displayName({ kind: "table", ...table });
    const to = displayName({ kind: "table", ...fk.refTable });
    const missing = missingTargets.has(to);
    return {
      severity: "error",
      rule: missing ? "foreign-key-target-missing" : "not-created",
      message: `${from}.${fk.columns.join(", ")} \u2192 ${to}.${fk.refColumns.join(", ") || "(primary key)"} (${missing ? "MISSING TARGET" : "not created"})`,
      object: `${from}.${fk.columns.join(",")}`,
      file: target.file,
      line: fk.position.line,
      column: fk.position.column,
      task: "integration"
    };
  });
}
function brokenHistoryTasks(finding2) {
  const reason = `${finding2.file} fails at line ${finding2.line}`;
  return TASK_IDS.map(
    (id) => id === "readiness" ? {
      id,
      title: TASK_TITLES[id],
      status: "FAIL",
      summary: `Earlier migration fails: ${reason}`,
      findings: [finding2],
      checks: [{ name: "Earlier migrations apply", status: "FAIL", finding: finding2.message }]
    } : {
      id,
      title: TASK_TITLES[id],
      status: "BLOCKED",
      summary: `Not evaluated: earlier migration ${reason}`,
      findings: []
    }
  );
}

// src/validators/common.ts
function qualify2(name) {
  return { schema: name.schema ?? "public", name: name.name };
}
function parseQualified(text) {
  const dot = text.lastIndexOf(".");
  return dot === -1 ? { schema: "public", name: text } : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}
function show(name) {
  return name.schema === "public" ? name.name : `${name.schema}.${name.name}`;
}
function same(a, b) {
  return a.schema === b.schema && a.name === b.name;
}
function findTable(snapshot, name) {
  return snapshot.tables.find((t) => same(name, t));
}
function created(ctx, kind) {
  return ctx.target.statements.flatMap((s) => s.creates.filter((o) => o.kind === kind));
}
function countMatches(count, actual) {
  if (typeof count === "number") return actual === count;
  return (count.min === void 0 || actual >= count.min) && (count.max === void 0 || actual <= count.max);
}
function describeCount(count) {
  if (typeof count === "number") return String(count);
  if (count.min !== void 0 && count.max !== void 0) return `${count.min}\u2013${count.max}`;
  return count.min !== void 0 ? `at least ${count.min}` : `at most ${count.max}`;
}
function finding(task, severity, rule, message, ctx, object, at) {
  return {
    severity,
    rule,
    message,
    ...object ? { object } : {},
    file: ctx.target.file,
    ...at ? { line: at.position.line, column: at.position.column } : {},
    task
  };
}
function taskResult(id, findings, passSummary2) {
  const failing = findings.filter((f) => f.severity === "error" || f.severity === "critical");
  const warnings = findings.filter((f) => f.severity === "warning");
  const status = failing.length > 0 ? "FAIL" : warnings.length > 0 ? "WARN" : "PASS";
  const first = failing[0] ?? warnings[0];
  const summary2 = status === "PASS" ? passSummary2 : `${first.message}${failing.length + warnings.length > 1 ? ` (+${failing.length + warnings.length - 1} more)` : ""}`;
  return { id, title: TASK_TITLES[id], status, summary: summary2, findings };
}
function createdNamed(ctx, kind, name) {
  return created(ctx, kind).find((o) => same(name, qualify2(o)));
}

// src/validators/enums.ts
function validateEnums(ctx) {
  const findings = [];
  const checked = [];
  const check = (key, expected) => {
    const name = parseQualified(key);
    const at = createdNamed(ctx, "type", name);
    const type = ctx.after.enums.find((e) => e.schema === name.schema && e.name === name.name);
    checked.push(show(name));
    if (!type) {
      findings.push(
        finding("enums", "error", "enum-missing", `enum type ${show(name)} does not exist`, ctx, show(name), at)
      );
    } else if (typeof expected === "number" && type.values.length !== expected) {
      findings.push(
        finding(
          "enums",
          "error",
          "enum-values",
          `enum type ${show(name)} has ${type.values.length} values, expected ${expected}`,
          ctx,
          show(name),
          at
        )
      );
    } else if (Array.isArray(expected) && expected.join("\0") !== type.values.join("\0")) {
      findings.push(
        finding(
          "enums",
          "error",
          "enum-values",
          `enum type ${show(name)} has values [${type.values.join(", ")}], expected [${expected.join(", ")}]`,
          ctx,
          show(name),
          at
        )
      );
    }
  };
  for (const object of created(ctx, "type")) {
    if (object.details?.kind !== "type" || !object.details.enumValues) continue;
    const name = qualify2(object);
    const key = `${name.schema}.${name.name}`;
    if (!configured(ctx, name)) check(key, object.details.enumValues);
  }
  for (const [key, expected] of Object.entries(ctx.expected.enums ?? {})) check(key, expected);
  const counts = checked.map((n) => ctx.after.enums.find((e) => show(e) === n)?.values.length ?? 0);
  const summary2 = checked.length === 0 ? "No enum types" : `${checked.length} enum types (${counts.join("/")} values), in order`;
  return taskResult("enums", findings, summary2);
}
function configured(ctx, name) {
  return Object.keys(ctx.expected.enums ?? {}).some((key) => show(parseQualified(key)) === show(name));
}

// src/validators/indexes.ts
function validateIndexes(ctx) {
  const findings = [];
  const declared = created(ctx, "index");
  for (const object of declared) {
    const name = qualify2({ ...object.table?.schema ? { schema: object.table.schema } : {}, name: object.name });
    const index = ctx.after.indexes.find((i) => i.schema === name.schema && i.name === name.name);
    if (!index) {
      findings.push(
        finding("indexes", "error", "index-missing", `index ${show(name)} does not exist`, ctx, show(name), object)
      );
    } else if (!index.valid || !index.ready) {
      findings.push(
        finding(
          "indexes",
          "error",
          "index-invalid",
          `index ${show(name)} is INVALID (a failed CREATE INDEX CONCURRENTLY?)`,
          ctx,
          show(name),
          object
        )
      );
    }
  }
  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const table = findTable(ctx.after, parseQualified(key));
    if (!table || expected.indexes === void 0) continue;
    const count = plainIndexes(ctx.after.indexes, table).length;
    if (!countMatches(expected.indexes, count)) {
      const at = createdNamed(ctx, "table", table);
      findings.push(
        finding(
          "indexes",
          "error",
          "index-count",
          `table ${show(table)} has ${count} indexes, expected ${describeCount(expected.indexes)}`,
          ctx,
          show(table),
          at
        )
      );
    }
  }
  const found2 = declared.filter((o) => ctx.after.indexes.some((i) => i.name === o.name)).length;
  if (ctx.expected.indexes !== void 0 && !countMatches(ctx.expected.indexes, found2)) {
    findings.push(
      finding(
        "indexes",
        "error",
        "index-count",
        `the migration creates ${found2} indexes, expected ${describeCount(ctx.expected.indexes)}`,
        ctx
      )
    );
  }
  let foreignKeys2 = 0;
  for (const object of created(ctx, "table")) {
    const table = findTable(ctx.after, qualify2(object));
    if (!table || table.partitionOf) continue;
    const indexes = ctx.after.indexes.filter(
      (i) => i.schema === table.schema && i.table === table.name && !i.inherited
    );
    for (const fk of ctx.after.constraints) {
      if (fk.type !== "f" || fk.inherited || fk.schema !== table.schema || fk.table !== table.name) continue;
      foreignKeys2 += 1;
      if (!indexes.some((index) => covers(index, fk.columns))) {
        findings.push(
          finding(
            "indexes",
            "warning",
            "unindexed-foreign-key",
            `foreign key ${show(table)}(${fk.columns.join(", ")}) has no index leading with its columns`,
            ctx,
            `${show(table)}.${fk.columns.join(",")}`,
            object
          )
        );
      }
    }
  }
  const summary2 = declared.length === 0 && foreignKeys2 === 0 ? "No indexes or foreign keys to check" : `${found2} indexes, all valid; ${foreignKeys2} foreign keys covered`;
  return taskResult("indexes", findings, summary2);
}
function plainIndexes(indexes, table) {
  return indexes.filter((i) => i.schema === table.schema && i.table === table.name && !i.constraint && !i.inherited);
}
function covers(index, columns) {
  if (index.predicate) return false;
  const leading = index.columns.slice(0, columns.length);
  return leading.length === columns.length && columns.every((c) => leading.includes(c));
}

// src/validators/integration.ts
function validateIntegration(ctx) {
  const specs = declaredForeignKeys(ctx.target.statements).map(({ table, foreignKey: fk }) => ({
    table: qualify2(table),
    columns: fk.columns,
    refTable: qualify2(fk.refTable),
    refColumns: fk.refColumns,
    onDelete: fk.onDelete,
    at: { kind: "table", ...table, position: fk.position }
  }));
  for (const expected of ctx.expected.foreign_keys ?? []) {
    const from = splitColumn(expected.from);
    const to = splitColumn(expected.to);
    const spec = {
      table: from.table,
      columns: [from.column],
      refTable: to.table,
      refColumns: [to.column]
    };
    if (expected.on_delete) spec.onDelete = expected.on_delete;
    const derived = specs.find((s) => sameKey(s, spec));
    if (derived)
      Object.assign(derived, {
        refTable: spec.refTable,
        refColumns: spec.refColumns,
        ...spec.onDelete ? { onDelete: spec.onDelete } : {}
      });
    else specs.push(spec);
  }
  const findings = [];
  for (const spec of specs) {
    const label = `${show(spec.table)}.${spec.columns.join(", ")} \u2192 ${show(spec.refTable)}.${spec.refColumns.join(", ") || "(primary key)"}`;
    const fk = ctx.after.constraints.find(
      (c) => c.type === "f" && !c.inherited && c.schema === spec.table.schema && c.table === spec.table.name && sameColumns(c.columns, spec.columns)
    );
    const fail = (rule, message) => {
      findings.push(finding("integration", "error", rule, message, ctx, label, spec.at));
    };
    if (!fk) {
      fail("foreign-key-missing", `foreign key ${label} does not exist`);
      continue;
    }
    if (show(fk.refTable) !== show(spec.refTable) || spec.refColumns.length > 0 && !sameColumns(fk.refColumns, spec.refColumns)) {
      fail(
        "foreign-key-target",
        `foreign key on ${show(spec.table)}(${spec.columns.join(", ")}) points at ${show(fk.refTable)}(${fk.refColumns.join(", ")}), expected ${show(spec.refTable)}(${spec.refColumns.join(", ")})`
      );
    }
    if (spec.onDelete && fk.onDelete !== spec.onDelete) {
      fail(
        "foreign-key-on-delete",
        `foreign key ${label} is ON DELETE ${fk.onDelete}, expected ON DELETE ${spec.onDelete}`
      );
    }
  }
  const summary2 = specs.length === 0 ? "No foreign keys" : `${specs.length} foreign keys, targets and ON DELETE as declared`;
  return taskResult("integration", findings, summary2);
}
function splitColumn(text) {
  const dot = text.lastIndexOf(".");
  return { table: parseQualified(text.slice(0, dot)), column: text.slice(dot + 1) };
}
function sameColumns(a, b) {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
function sameKey(a, b) {
  return show(a.table) === show(b.table) && sameColumns(a.columns, b.columns);
}

// src/validators/rls.ts
var COMMANDS = ["select", "insert", "update", "delete", "all"];
function validateRls(ctx) {
  const findings = [];
  const add = (severity, rule, message, object, table) => {
    const at = table ? createdNamed(ctx, "table", table) : void 0;
    findings.push(finding("rls", severity, rule, message, ctx, object, at));
  };
  const touched = touchedTables(ctx);
  for (const table of touched) {
    const policies = policiesOn(ctx, table);
    if (policies.length > 0 && !table.rlsEnabled) {
      add(
        "error",
        "rls-disabled",
        `table ${show(table)} has ${policies.length} policies but RLS is not enabled: they are ignored`,
        show(table),
        table
      );
    } else if (!table.rlsEnabled && table.columns.some((c) => c.name === ctx.tenantColumn) && !table.partitionOf) {
      add(
        "error",
        "tenant-table-without-rls",
        `tenant table ${show(table)} (column ${ctx.tenantColumn}) does not enable RLS`,
        show(table),
        table
      );
    } else if (table.rlsEnabled && policies.length === 0) {
      add(
        "warning",
        "rls-without-policy",
        `table ${show(table)} enables RLS without any policy: only its owner can read it`,
        show(table),
        table
      );
    }
    for (const policy of policies.filter(alwaysTrueForWrites)) {
      add(
        "warning",
        "permissive-write-policy",
        `policy ${policy.name} on ${show(table)} allows every ${policy.command} (expression is true)`,
        `${show(table)}.${policy.name}`,
        table
      );
    }
  }
  for (const object of created(ctx, "policy")) {
    const table = qualify2(object.table ?? { name: "?" });
    const policy = ctx.after.policies.find(
      (p) => p.name === object.name && same(table, { schema: p.schema, name: p.table })
    );
    if (!policy) {
      findings.push(
        finding(
          "rls",
          "error",
          "policy-missing",
          `policy ${object.name} on ${show(table)} does not exist`,
          ctx,
          object.name,
          object
        )
      );
    } else if (object.details?.kind === "policy" && object.details.command !== policy.command) {
      findings.push(
        finding(
          "rls",
          "error",
          "policy-command",
          `policy ${object.name} is FOR ${policy.command}, declared FOR ${object.details.command}`,
          ctx,
          object.name,
          object
        )
      );
    }
  }
  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const table = findTable(ctx.after, parseQualified(key));
    if (!table) continue;
    if (expected.rls !== void 0 && expected.rls !== table.rlsEnabled) {
      add(
        "error",
        "rls-expected",
        `table ${show(table)} has RLS ${table.rlsEnabled ? "enabled" : "disabled"}, expected ${expected.rls ? "enabled" : "disabled"}`,
        show(table),
        table
      );
    }
    const policies = policiesOn(ctx, table);
    if (typeof expected.policies === "number" || expected.policies && ("min" in expected.policies || "max" in expected.policies)) {
      const count = expected.policies;
      if (!countMatches(count, policies.length)) {
        add(
          "error",
          "policy-count",
          `table ${show(table)} has ${policies.length} policies, expected ${describeCount(count)}`,
          show(table),
          table
        );
      }
    } else if (expected.policies) {
      const perCommand = expected.policies;
      for (const command of COMMANDS) {
        const count = perCommand[command];
        const actual = policies.filter((p) => p.command === command.toUpperCase()).length;
        if (count !== void 0 && !countMatches(count, actual)) {
          add(
            "error",
            "policy-count",
            `table ${show(table)} has ${actual} ${command.toUpperCase()} policies, expected ${describeCount(count)}`,
            show(table),
            table
          );
        }
      }
    }
  }
  if (ctx.expected.policies !== void 0) {
    const total2 = touched.reduce((sum, t) => sum + policiesOn(ctx, t).length, 0);
    if (!countMatches(ctx.expected.policies, total2)) {
      findings.push(
        finding(
          "rls",
          "error",
          "policy-count",
          `${total2} policies on the migration's tables, expected ${describeCount(ctx.expected.policies)}`,
          ctx
        )
      );
    }
  }
  const withPolicies = touched.filter((t) => policiesOn(ctx, t).length > 0);
  const total = withPolicies.reduce((sum, t) => sum + policiesOn(ctx, t).length, 0);
  const summary2 = total === 0 ? "No policies; no tenant table without RLS" : `${total} policies on ${withPolicies.length} tables, RLS enabled`;
  return taskResult("rls", findings, summary2);
}
function touchedTables(ctx) {
  const names = [
    ...created(ctx, "table").map(qualify2),
    ...created(ctx, "policy").map((p) => qualify2(p.table ?? { name: "?" })),
    ...ctx.target.statements.filter((s) => s.kind === "AlterTableStmt").flatMap((s) => s.references.filter((r) => r.role === "alter").map((r) => qualify2(r.object)))
  ];
  const tables = [];
  for (const name of names) {
    const table = findTable(ctx.after, name);
    if (table && (table.kind === "table" || table.kind === "partitioned") && !tables.includes(table))
      tables.push(table);
  }
  return tables;
}
function policiesOn(ctx, table) {
  return ctx.after.policies.filter((p) => p.schema === table.schema && p.table === table.name);
}
function alwaysTrueForWrites(policy) {
  if (!policy.permissive || policy.command === "SELECT") return false;
  const check = policy.withCheck ?? (policy.command === "INSERT" ? null : policy.using);
  return check !== null && /^\(?\s*true\s*\)?$/i.test(check);
}

// src/catalog/entry.ts
var DIFFERENCE_KINDS = [
  "schema",
  "table",
  "column",
  "index",
  "constraint",
  "policy",
  "function",
  "trigger",
  "enum",
  "type",
  "sequence",
  "extension",
  "rls"
];
function entryKey(kind, object) {
  return `${kind}\0${object}`;
}
var NONE = "none";
var list2 = (values) => `[${values.join(", ")}]`;
var qualified = (schema, name) => `${schema}.${name}`;
var field = (label, value, opaque = false) => opaque ? { label, value: value ?? NONE, opaque } : { label, value: value ?? NONE };

// src/catalog/relation-entries.ts
var RELATION_NOUNS = {
  table: "table",
  partitioned: "partitioned table",
  view: "view",
  matview: "materialized view",
  foreign: "foreign table"
};
function tableEntries(table) {
  const object = qualified(table.schema, table.name);
  const tableKey = entryKey("table", object);
  const partOf = table.partitionOf ? `${qualified(table.partitionOf.schema, table.partitionOf.name)} ${table.partitionBound ?? ""}`.trim() : null;
  const entries = [
    {
      kind: "table",
      object,
      noun: RELATION_NOUNS[table.kind],
      columnOrder: table.columns.map((column) => column.name),
      fields: [
        field("kind", RELATION_NOUNS[table.kind]),
        field("partition key", table.partitionKey),
        field("partition of", partOf),
        field("", table.unlogged ? "UNLOGGED" : "LOGGED"),
        field("definition", table.definition, true)
      ]
    },
    {
      kind: "rls",
      object,
      partOf: tableKey,
      fields: [
        field("RLS", table.rlsEnabled ? "enabled" : "disabled"),
        field("RLS", table.rlsForced ? "forced" : "not forced")
      ]
    }
  ];
  for (const column of table.columns) entries.push(columnEntry(object, tableKey, column));
  return entries;
}
function columnEntry(table, tableKey, column) {
  return {
    kind: "column",
    object: `${table}.${column.name}`,
    partOf: tableKey,
    fields: [
      field("type", column.type),
      field("", column.notNull ? "NOT NULL" : "nullable"),
      field("default", column.default),
      field("identity", column.identity),
      field("generated", column.generated)
    ]
  };
}
function indexEntry(index) {
  return {
    kind: "index",
    object: qualified(index.schema, index.name),
    fields: [
      field("definition", index.definition),
      field("", index.valid ? "valid" : "INVALID"),
      field("constraint", index.constraint)
    ]
  };
}
function constraintEntry(constraint) {
  return {
    kind: "constraint",
    object: `${qualified(constraint.schema, constraint.table)}.${constraint.name}`,
    fields: [field("definition", constraint.definition), field("", constraint.validated ? "validated" : "NOT VALID")]
  };
}
function policyEntry(policy) {
  return {
    kind: "policy",
    object: `${qualified(policy.schema, policy.table)}.${policy.name}`,
    fields: [
      field("command", policy.command),
      field("", policy.permissive ? "PERMISSIVE" : "RESTRICTIVE"),
      field("roles", list2(policy.roles)),
      field("USING", policy.using),
      field("WITH CHECK", policy.withCheck)
    ]
  };
}
function triggerEntry(trigger) {
  const state = trigger.firing === "ORIGIN" ? "enabled" : trigger.enabled ? `enabled ${trigger.firing}` : "disabled";
  return {
    kind: "trigger",
    object: `${qualified(trigger.schema, trigger.table)}.${trigger.name}`,
    fields: [field("definition", trigger.definition), field("", state)]
  };
}

// src/catalog/entries.ts
var TYPE_NOUNS = {
  domain: "domain",
  composite: "composite type",
  range: "range type",
  base: "base type"
};
var FUNCTION_NOUNS = {
  f: "function",
  p: "procedure",
  a: "aggregate",
  w: "window function"
};
function functionEntry(fn) {
  return {
    kind: "function",
    object: `${qualified(fn.schema, fn.name)}(${fn.identityArgs})`,
    noun: FUNCTION_NOUNS[fn.kind],
    fields: [
      field("kind", FUNCTION_NOUNS[fn.kind]),
      field("returns", fn.resultType),
      field("language", fn.language),
      field("", fn.securityDefiner ? "SECURITY DEFINER" : "SECURITY INVOKER"),
      field("config", list2(fn.config)),
      field("", fn.volatility),
      field("", fn.strict ? "STRICT" : "CALLED ON NULL INPUT"),
      field("body", fn.source, true)
    ]
  };
}
function sequenceEntry(sequence) {
  const owner = sequence.ownedBy;
  const ownerTable = owner ? qualified(owner.schema, owner.table) : null;
  return {
    kind: "sequence",
    object: qualified(sequence.schema, sequence.name),
    // A serial or identity sequence comes and goes with its table.
    ...ownerTable !== null ? { partOf: entryKey("table", ownerTable) } : {},
    fields: [
      field("type", sequence.dataType),
      field("start", sequence.start),
      field("increment", sequence.increment),
      field("min", sequence.minValue),
      field("max", sequence.maxValue),
      field("", sequence.cycle ? "CYCLE" : "NO CYCLE"),
      field("owned by", owner ? `${ownerTable}.${owner.column}` : null)
    ]
  };
}
function snapshotEntries(snapshot) {
  const own = (items) => items.filter((item) => !item.inherited);
  return [
    ...snapshot.schemas.map((name) => ({ kind: "schema", object: name, fields: [] })),
    ...snapshot.tables.flatMap(tableEntries),
    ...own(snapshot.indexes).map(indexEntry),
    ...own(snapshot.constraints).map(constraintEntry),
    ...snapshot.policies.map(policyEntry),
    ...snapshot.functions.map(functionEntry),
    ...own(snapshot.triggers).map(triggerEntry),
    ...snapshot.enums.map((type) => ({
      kind: "enum",
      object: qualified(type.schema, type.name),
      fields: [field("values", list2(type.values))]
    })),
    ...snapshot.types.map((type) => ({
      kind: "type",
      object: qualified(type.schema, type.name),
      noun: TYPE_NOUNS[type.kind],
      fields: [field("kind", type.kind), field("definition", type.definition)]
    })),
    ...snapshot.sequences.map(sequenceEntry),
    ...snapshot.extensions.map((extension) => ({
      kind: "extension",
      object: extension.name,
      fields: [field("version", extension.version), field("schema", extension.schema)]
    }))
  ];
}

// src/catalog/diff.ts
function diffSnapshots(before, after) {
  const old = byKey(snapshotEntries(before));
  const now = byKey(snapshotEntries(after));
  const differences = [];
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (previous === void 0) {
      if (!coveredBy(entry, old)) differences.push(appeared("added", entry));
      continue;
    }
    const detail = changes(previous, entry);
    if (detail !== void 0) differences.push({ change: "changed", kind: entry.kind, object: entry.object, detail });
  }
  for (const [key, entry] of old) {
    if (!now.has(key) && !coveredBy(entry, now)) differences.push(appeared("removed", entry));
  }
  return differences.sort(compareDifferences);
}
function byKey(entries) {
  return new Map(entries.map((entry) => [entryKey(entry.kind, entry.object), entry]));
}
function coveredBy(entry, otherSide) {
  return entry.partOf !== void 0 && !otherSide.has(entry.partOf);
}
function appeared(change, entry) {
  const difference = { change, kind: entry.kind, object: entry.object };
  if (entry.noun !== void 0 && entry.noun !== KIND_NOUNS[entry.kind]) difference.detail = entry.noun;
  return difference;
}
function changes(before, after) {
  const parts = [];
  after.fields.forEach((field2, i) => {
    const old = before.fields[i];
    if (old === void 0 || old.value === field2.value) return;
    const prefix = field2.label === "" ? "" : `${field2.label} `;
    parts.push(field2.opaque ? `${field2.label} changed` : `${prefix}${old.value} \u2192 ${field2.value}`);
  });
  const order = reordering(before.columnOrder, after.columnOrder);
  if (order !== void 0) parts.push(order);
  return parts.length > 0 ? parts.join("; ") : void 0;
}
function reordering(before, after) {
  if (before === void 0 || after === void 0) return void 0;
  const same2 = before.length === after.length && before.every((name, i) => name === after[i]);
  const sorted = (names) => [...names].sort().join("\0");
  if (same2 || sorted(before) !== sorted(after)) return void 0;
  return `column order [${before.join(", ")}] \u2192 [${after.join(", ")}]`;
}
function compareDifferences(a, b) {
  const byKind2 = DIFFERENCE_KINDS.indexOf(a.kind) - DIFFERENCE_KINDS.indexOf(b.kind);
  if (byKind2 !== 0) return byKind2;
  return a.object < b.object ? -1 : a.object > b.object ? 1 : 0;
}
var KIND_NOUNS = {
  schema: "schema",
  table: "table",
  column: "column",
  index: "index",
  constraint: "constraint",
  policy: "policy",
  function: "function",
  trigger: "trigger",
  // PostgreSQL calls enums types (CREATE TYPE … AS ENUM, DROP TYPE).
  enum: "type",
  type: "type",
  sequence: "sequence",
  extension: "extension",
  rls: "table"
};
function describeDifference(difference, wording = "rollback") {
  const noun = KIND_NOUNS[difference.kind];
  if (difference.change === "changed") {
    return `${noun} ${difference.object}: ${difference.detail ?? "changed"}`;
  }
  const what = `${difference.detail ?? noun} ${difference.object}`;
  if (wording === "migration") return `${what} ${difference.change}`;
  return difference.change === "added" ? `${what} left behind (added)` : `${what} missing (removed)`;
}

// src/validators/rollback.ts
function validateRollback(input) {
  const { run } = input;
  const result = (status, summary2, findings2 = []) => ({
    id: "rollback",
    title: TASK_TITLES.rollback,
    status,
    summary: summary2,
    findings: findings2
  });
  if (run.status === "no-down") {
    const message = `no down migration (add ${input.targetFile.replace(/(\.up)?\.sql$/i, ".down.sql")} or a -- migrate:down section)`;
    const finding2 = {
      severity: input.required ? "error" : "warning",
      rule: "no-down-migration",
      message,
      file: input.targetFile,
      task: "rollback"
    };
    return result(input.required ? "FAIL" : "WARN", "No down migration", [finding2]);
  }
  if (run.status === "down-failed") {
    const { error } = run.result;
    const finding2 = {
      severity: "error",
      rule: error.rule,
      message: `down migration fails: ${error.message}`,
      file: run.down.file,
      line: error.position.line,
      column: error.position.column,
      task: "rollback"
    };
    return result("FAIL", `Down migration fails at line ${error.position.line}: ${error.message}`, [finding2]);
  }
  const findings = diffSnapshots(input.before, run.afterDown).map((difference) => ({
    severity: "error",
    rule: "rollback-incomplete",
    message: `after the down migration: ${describeDifference(difference)}`,
    object: difference.object,
    file: run.down.file,
    task: "rollback"
  }));
  const ms = Math.round(run.ms);
  if (input.maxDurationMs !== void 0 && run.ms > input.maxDurationMs) {
    findings.push({
      severity: "error",
      rule: "rollback-slow",
      message: `rollback took ${ms} ms, allowed ${input.maxDurationMs} ms`,
      file: run.down.file,
      task: "rollback"
    });
  }
  if (run.reapply.status === "failed") {
    const { error } = run.reapply;
    findings.push({
      severity: "error",
      rule: "reapply-failed",
      message: `the migration does not apply again after its rollback: ${error.message}`,
      file: input.targetFile,
      line: error.position.line,
      column: error.position.column,
      task: "rollback"
    });
  }
  if (findings.length === 0)
    return result("PASS", `Down migration restores the schema exactly in ${ms} ms; re-apply succeeds`);
  const first = findings[0].message;
  return result("FAIL", findings.length > 1 ? `${first} (+${findings.length - 1} more)` : first, findings);
}

// src/validators/schema.ts
function validateSchema(ctx) {
  const findings = [];
  const fail = (message, object, at) => {
    findings.push(finding("schema", "error", "schema-mismatch", message, ctx, object, at));
  };
  const tables = created(ctx, "table");
  for (const object of tables) {
    const name = qualify2(object);
    const table = findTable(ctx.after, name);
    if (!table) {
      fail(`table ${show(name)} does not exist after the migration`, show(name), object);
      continue;
    }
    if (object.details?.kind !== "table") continue;
    const { columns, partitioned, partitionOf } = object.details;
    const actual = table.columns.map((c) => c.name);
    for (const column of columns.filter((c) => !actual.includes(c))) {
      fail(`table ${show(name)} lacks column ${column}`, `${show(name)}.${column}`, object);
    }
    if (partitioned && table.kind !== "partitioned") {
      fail(`table ${show(name)} is declared PARTITION BY but is not partitioned`, show(name), object);
    }
    if (partitionOf && !(table.partitionOf && show(table.partitionOf) === show(qualify2(partitionOf)))) {
      fail(`${show(name)} is not a partition of ${show(qualify2(partitionOf))}`, show(name), object);
    }
  }
  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const name = parseQualified(key);
    const at = createdNamed(ctx, "table", name);
    const table = findTable(ctx.after, name);
    if (!table) {
      fail(`table ${show(name)} is expected but does not exist`, show(name), at);
      continue;
    }
    const names = table.columns.map((c) => c.name);
    if (Array.isArray(expected.columns)) {
      const missing = expected.columns.filter((c) => !names.includes(c));
      if (missing.length > 0) fail(`table ${show(name)} lacks column(s) ${missing.join(", ")}`, show(name), at);
    } else if (expected.columns !== void 0 && !countMatches(expected.columns, names.length)) {
      fail(
        `table ${show(name)} has ${names.length} columns, expected ${describeCount(expected.columns)}`,
        show(name),
        at
      );
    }
    if (expected.partitioned !== void 0 && expected.partitioned !== (table.kind === "partitioned")) {
      fail(
        `table ${show(name)} is ${expected.partitioned ? "not " : ""}partitioned, expected the opposite`,
        show(name),
        at
      );
    }
    if (expected.partitions !== void 0) {
      const count = partitionsOf(ctx, table).length;
      if (!countMatches(expected.partitions, count)) {
        fail(
          `table ${show(name)} has ${count} partitions, expected ${describeCount(expected.partitions)}`,
          show(name),
          at
        );
      }
    }
  }
  return taskResult("schema", findings, passSummary(ctx, tables.map(qualify2)));
}
function partitionsOf(ctx, parent) {
  return ctx.after.tables.filter((t) => t.partitionOf?.schema === parent.schema && t.partitionOf.name === parent.name);
}
function passSummary(ctx, names) {
  const tables = names.map((n) => findTable(ctx.after, n)).filter((t) => t && !t.partitionOf);
  if (tables.length === 0) return "No tables created; nothing to check";
  const partitions = names.length - tables.length;
  const columns = tables.map((t) => t.columns.length).join("/");
  const plural = tables.length === 1 ? "table" : "tables";
  return `${tables.length} ${plural}, ${columns} columns${partitions > 0 ? `, ${partitions} partitions` : ""}`;
}

// src/validators/triggers.ts
function validateTriggers(ctx) {
  const findings = [];
  const functions = [...created(ctx, "function").map(qualify2), ...(ctx.expected.functions ?? []).map(parseQualified)];
  const seen = /* @__PURE__ */ new Set();
  for (const name of functions) {
    if (seen.has(show(name))) continue;
    seen.add(show(name));
    if (!ctx.after.functions.some((f) => f.schema === name.schema && f.name === name.name)) {
      findings.push(
        finding(
          "triggers",
          "error",
          "function-missing",
          `function ${show(name)}() does not exist`,
          ctx,
          `${show(name)}()`,
          createdNamed(ctx, "function", name)
        )
      );
    }
  }
  const specs = created(ctx, "trigger").map((object) => ({
    name: object.name,
    table: qualify2(object.table ?? { name: "?" }),
    ...object.details?.kind === "trigger" ? { function: qualify2(object.details.function), timing: object.details.timing, events: object.details.events } : {}
  }));
  for (const expected of ctx.expected.triggers ?? []) {
    specs.push({
      name: expected.name,
      table: parseQualified(expected.table),
      ...expected.function ? { function: parseQualified(expected.function) } : {},
      ...expected.timing ? { timing: expected.timing } : {},
      ...expected.events ? { events: expected.events } : {}
    });
  }
  for (const spec of specs) {
    const at = created(ctx, "trigger").find((o) => o.name === spec.name);
    const trigger = ctx.after.triggers.find(
      (t) => t.name === spec.name && !t.inherited && t.schema === spec.table.schema && t.table === spec.table.name
    );
    const label = `trigger ${spec.name} on ${show(spec.table)}`;
    if (!trigger) {
      const elsewhere = ctx.after.triggers.find((t) => t.name === spec.name && !t.inherited);
      const where = elsewhere ? ` (it is on ${show({ schema: elsewhere.schema, name: elsewhere.table })})` : "";
      findings.push(
        finding("triggers", "error", "trigger-missing", `${label} does not exist${where}`, ctx, spec.name, at)
      );
      continue;
    }
    for (const problem of mismatches(spec, trigger)) {
      findings.push(finding("triggers", "error", "trigger-mismatch", `${label}: ${problem}`, ctx, spec.name, at));
    }
  }
  const triggers = new Set(specs.map((s) => s.name)).size;
  const summary2 = seen.size + triggers === 0 ? "No trigger functions or triggers" : `${seen.size} functions, ${triggers} triggers attached as declared`;
  return taskResult("triggers", findings, summary2);
}
function mismatches(spec, trigger) {
  const problems = [];
  if (spec.timing && spec.timing !== trigger.timing) problems.push(`fires ${trigger.timing}, expected ${spec.timing}`);
  if (spec.events) {
    const expected = [...spec.events].sort().join(" OR ");
    const actual = [...trigger.events].sort().join(" OR ");
    if (expected !== actual) problems.push(`fires on ${actual}, expected ${expected}`);
  }
  if (spec.function && !(spec.function.schema === trigger.function.schema && spec.function.name === trigger.function.name)) {
    problems.push(`executes ${show(trigger.function)}(), expected ${show(spec.function)}()`);
  }
  return problems;
}

// src/validators/index.ts
function validateApplied(ctx, rollback, rollbackRequired) {
  const maxDurationMs = ctx.expected.rollback?.max_duration;
  return [
    validateSchema(ctx),
    validateRls(ctx),
    validateIndexes(ctx),
    validateTriggers(ctx),
    validateEnums(ctx),
    validateIntegration(ctx),
    validateRollback({
      run: rollback,
      before: ctx.before,
      required: ctx.expected.rollback?.required ?? rollbackRequired,
      ...maxDurationMs !== void 0 ? { maxDurationMs } : {},
      targetFile: ctx.target.file
    })
  ];
}

// src/validators/history.ts
function historyCheck(earlier, before) {
  const promised = /* @__PURE__ */ new Map();
  for (const parsed of earlier) {
    for (const statement of parsed.statements) {
      for (const object of statement.creates) promised.set(objectKey(object), { object, file: parsed.file });
      for (const object of statement.drops) promised.delete(objectKey(object));
    }
  }
  const missing = [...promised.values()].filter(({ object }) => !exists(object, before));
  const files = [...new Set(missing.map((m) => m.file))];
  const findings = missing.map(({ object, file }) => ({
    severity: "error",
    rule: "earlier-migration-not-applied",
    message: `${object.kind} ${show(qualify2(object))} from ${file} is missing: verify that migration is applied`,
    object: show(qualify2(object)),
    file,
    line: object.position.line,
    column: object.position.column,
    task: "readiness"
  }));
  const check = missing.length === 0 ? {
    name: "Earlier migrations applied",
    status: "PASS",
    finding: `objects of ${earlier.length} earlier migration(s) present`
  } : {
    name: "Earlier migrations applied",
    status: "FAIL",
    finding: `${files.join(", ")} not (fully) applied: ${missing.length} object(s) missing`
  };
  return { check, findings };
}
function exists(object, snapshot) {
  const { schema, name } = qualify2(object);
  const inSchema = (o) => o.schema === schema && o.name === name;
  switch (object.kind) {
    case "schema":
      return snapshot.schemas.includes(object.name);
    case "table":
    case "view":
      return snapshot.tables.some(inSchema);
    case "index":
      return snapshot.indexes.some((i) => i.name === name && i.schema === (object.table?.schema ?? schema));
    case "type":
      return snapshot.enums.some(inSchema) || snapshot.types.some(inSchema);
    case "function":
      return snapshot.functions.some(inSchema);
    case "sequence":
      return snapshot.sequences.some(inSchema);
    case "trigger":
      return snapshot.triggers.some((t) => t.name === name);
    case "policy":
      return snapshot.policies.some((p) => p.name === name);
    case "extension":
      return snapshot.extensions.some((e) => e.name === name);
    default:
      return true;
  }
}

// src/apply/rollback.ts
async function runRollback(client, target, down, options) {
  if (!down) return { status: "no-down" };
  const result = await applyFile(client, down, options);
  if (result.status === "failed") return { status: "down-failed", down, result };
  const afterDown = await takeSnapshot(client);
  const reapply = await applyFile(client, target, options);
  return { status: "done", down, ms: result.ms, afterDown, reapply };
}

// src/readiness/drift.ts
var EXTRA_NAMED = 10;
function driftCheck(history, target, targetName) {
  const differences = diffSnapshots(history, target);
  const missing = differences.filter((d) => d.change === "removed");
  const changed = differences.filter((d) => d.change === "changed");
  const extra = differences.filter((d) => d.change === "added");
  const findings = [
    ...missing.map((d) => ({
      severity: "error",
      rule: "drift-missing",
      message: `${describeDifference(d, "migration").replace(/ removed$/, "")} is created by the repository's migrations but missing on ${targetName}`,
      object: d.object,
      task: "readiness"
    })),
    ...changed.map((d) => ({
      severity: "warning",
      rule: "drift-changed",
      message: `${describeDifference(d)} (repository history vs ${targetName})`,
      object: d.object,
      task: "readiness"
    }))
  ];
  if (extra.length > 0) {
    const named = extra.slice(0, EXTRA_NAMED).map((d) => d.object).join(", ");
    findings.push({
      severity: "info",
      rule: "drift-extra",
      message: `${extra.length} object(s) on ${targetName} that the repository's migrations do not create: ${named}${extra.length > EXTRA_NAMED ? ", \u2026" : ""}`,
      task: "readiness"
    });
  }
  const check = missing.length > 0 ? {
    name: "Target matches migration history",
    status: "FAIL",
    finding: `${missing.length} object(s) the history creates are missing on ${targetName}`
  } : changed.length > 0 ? {
    name: "Target matches migration history",
    status: "WARN",
    finding: `${changed.length} object(s) differ from the history's definition`
  } : {
    name: "Target matches migration history",
    status: "PASS",
    finding: `every object of the migration history exists on ${targetName}`
  };
  return { check, findings };
}

// src/readiness/sequences.ts
async function sequencePositions(client) {
  const { rows: rows2 } = await client.query(
    gateSql("sequence-positions.sql")
  );
  return new Map(rows2.map((row) => [`${row.schema}.${row.name}`, row.last_value]));
}
function advancedSequences(before, after) {
  const findings = [];
  for (const [name, value] of after) {
    const previous = before.get(name);
    if (!before.has(name) || previous === value) continue;
    findings.push({
      severity: "info",
      rule: "sequence-advanced",
      message: `sequence ${name} advanced from ${previous ?? "(unused)"} to ${value}: nextval() cannot be rolled back, so the run left a gap in its values (nothing else changed)`,
      object: name,
      task: "readiness"
    });
  }
  return findings;
}

// src/gate.ts
async function runGate(options) {
  const started = performance.now();
  const { progress } = options;
  const start = options.startDatabase ?? localStarter(startEmbedded);
  const early = start.local ? start(progress) : void 0;
  early?.catch(() => void 0);
  let inputs;
  try {
    inputs = await progress.step("parse", () => loadInputs(options));
  } catch (error) {
    await early?.then(
      (db) => db.stop(),
      () => void 0
    );
    throw error;
  }
  progress.info(`target: ${inputs.target.file}`);
  const report = await withDatabase(
    () => early ?? start(progress),
    (db) => withClient(db, async (client) => {
      client.on("notice", () => void 0);
      const version = (await client.query("SHOW server_version")).rows[0].server_version;
      const scoped = { ...options, apply: { ...options.apply, nested: !db.disposable } };
      const fresh = isFresh(db);
      const sequencesBefore = db.disposable ? void 0 : await sequencePositions(client);
      const gated = await (db.disposable ? withoutTransaction : withRollback)(client, async () => {
        const setup = await applySetup(client, inputs, scoped, fresh);
        if (setup.brokenHistory) return { tasks: brokenHistoryTasks(setup.brokenHistory), missing: [] };
        return gateTarget(client, inputs, scoped, fresh ? void 0 : db.display, setup.findings);
      });
      if (sequencesBefore) {
        const readiness = gated.tasks.find((t) => t.id === "readiness");
        readiness.findings.push(...advancedSequences(sequencesBefore, await sequencePositions(client)));
      }
      return { ...gated, database: { kind: db.kind, version: `PostgreSQL ${version}` } };
    })
  );
  const actions = await requiredActions(report.missing, options.root, options.cwd, [inputs.target.file]);
  const { tasks } = report;
  return {
    verdict: verdictOf(tasks),
    target: inputs.targetName,
    tasks,
    findings: tasks.flatMap((t) => t.findings),
    requiredActions: actions,
    database: report.database,
    timings: { ...progress.timings, total_ms: Math.round(performance.now() - started) }
  };
}
async function gateTarget(client, inputs, options, existingDatabase, setupFindings) {
  const { progress } = options;
  const target = inputs.target;
  const before = await progress.step("snapshot before", () => takeSnapshot(client));
  const extraChecks = [];
  const baseline = baselineCheck(setupFindings);
  if (baseline) extraChecks.push(baseline);
  if (existingDatabase) {
    const history2 = await progress.step(
      "build migration history (drift)",
      () => historySnapshot(inputs, options.apply, options.startScratchDatabase)
    );
    extraChecks.push(driftCheck(history2, before, existingDatabase));
  }
  const missing = target.syntaxError ? [] : await progress.step("pre-flight", () => missingDependencies(client, target));
  const sessions = existingDatabase ? await blockingSessions(client) : [];
  const history = historyCheck(
    inputs.setup.filter((file) => file.role === "earlier").map((file) => file.parsed),
    before
  );
  const applied = target.syntaxError ? { status: "applied", file: target.file, statements: 0, ms: 0, skipped: [] } : await progress.step(`apply target ${target.file}`, () => applyFile(client, target, options.apply));
  const readiness = readinessTask({ target, missing, sessions, applied, extraChecks: [history, ...extraChecks] });
  let others;
  if (target.syntaxError || applied.status === "failed") {
    const notApplied = notAppliedStatements(target, applied);
    const where = target.syntaxError ?? (applied.status === "failed" ? applied.error.position : void 0);
    const reason = `migration fails at line ${where?.line ?? "?"}`;
    const missingTargets = new Set(missing.map((m) => m.display));
    others = [
      ...blockedTasks(target, notApplied, reason, missingTargets),
      { id: "rollback", title: TASK_TITLES.rollback, status: "N/A", summary: "Migration never applied", findings: [] }
    ];
  } else {
    const after = await progress.step("snapshot after", () => takeSnapshot(client));
    const rollback = await progress.step(
      "rollback and re-apply",
      () => runRollback(client, target, inputs.down, options.apply)
    );
    const context = {
      target: withoutSkipped(target, applied.skipped),
      before,
      after,
      expected: options.expectations[inputs.targetName] ?? {},
      tenantColumn: options.tenantColumn
    };
    others = validateApplied(context, rollback, options.rollbackRequired);
  }
  const all = [...others, readiness];
  return { tasks: TASK_IDS.map((id) => all.find((t) => t.id === id)), missing };
}
function notAppliedStatements(target, applied) {
  if (applied.status !== "failed" || applied.rolledBack) return target.statements;
  return target.statements.filter((s) => s.index >= applied.statement.index);
}
function withoutSkipped(target, skipped) {
  if (skipped.length === 0) return target;
  const notRun = new Set(skipped);
  return { ...target, statements: target.statements.map((s) => notRun.has(s) ? { ...s, creates: [] } : s) };
}

// src/report/json.ts
function renderJson(report) {
  return JSON.stringify(orderReport(report), null, 2);
}
function orderReport(report) {
  const { total_ms, ...steps } = report.timings;
  return {
    verdict: report.verdict,
    target: report.target,
    tasks: report.tasks.map(orderTask),
    findings: report.findings.map(orderFinding),
    requiredActions: report.requiredActions.map(orderAction),
    database: { kind: report.database.kind, version: report.database.version },
    timings: { total_ms, ...steps }
  };
}
function orderTask(task) {
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    summary: task.summary,
    findings: task.findings.map(orderFinding),
    checks: task.checks?.map(orderCheck)
  };
}
function orderFinding(finding2) {
  return {
    severity: finding2.severity,
    rule: finding2.rule,
    message: finding2.message,
    object: finding2.object,
    file: finding2.file,
    line: finding2.line,
    column: finding2.column,
    endLine: finding2.endLine,
    lines: finding2.lines,
    task: finding2.task,
    excerpt: finding2.excerpt,
    impact: finding2.impact
  };
}
function orderCheck(check) {
  return { name: check.name, status: check.status, finding: check.finding };
}
function orderAction(action) {
  return {
    object: action.object,
    kind: action.kind,
    createdBy: action.createdBy,
    lines: action.lines
  };
}

// src/report/escape.ts
var INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
var MARKDOWN_PUNCTUATION = /[\\`*~[\]|]/g;
var BOUNDARY_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
var REFERENCE = /([@#])(?=[\p{L}\p{N}])/gu;
var ZWJ = "\u200D";
function stripControl(text) {
  return text.replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
}
function plainLine(text) {
  return collapseWhitespace(stripControl(text));
}
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function escapeInline(text) {
  return escapeFlat(collapseWhitespace(stripControl(text)));
}
function escapeTableCell(text, maxChars = 500) {
  const clean = stripControl(text).trim();
  const cut = clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}\u2026` : clean;
  return cut.split("\n").map((line) => escapeFlat(collapseWhitespace(line))).join("<br>");
}
function inlineCode(text, options = {}) {
  let body = collapseWhitespace(stripControl(text));
  if (options.inTable) body = body.replace(/\|/g, "\\|");
  if (body === "") return "` `";
  const fence = "`".repeat(longestBacktickRun(body) + 1);
  const pad = /^[`]|[`]$/.test(body) || /^ .* $/.test(body) && body.trim() !== "" ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
function codeFence(text, info2 = "") {
  const body = stripControl(text).replace(/^\n+|\s+$/g, "");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${info2}
${body}
${fence}`;
}
function escapeFlat(text) {
  const markdown = text.replace(MARKDOWN_PUNCTUATION, "\\$&").replace(BOUNDARY_UNDERSCORE, "\\_");
  return escapeHtml(markdown).replace(REFERENCE, `$1${ZWJ}`);
}
function collapseWhitespace(text) {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
function longestBacktickRun(text) {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

// src/report/fit.ts
var TRUNCATION_NOTE = "> Report truncated to fit GitHub's comment limit; the full report is in the job summary / report.md.";
function fitMarkdown({ head, chunks, footer, collapse, maxLength }) {
  const open = collapse ? "\n\n<details><summary>Full report</summary>" : "";
  const close = collapse ? "\n\n</details>" : "";
  const wrap = (body, note2) => head + open + body + close + note2 + footer;
  const full = wrap(chunks.map((c) => c.text).join(""), "");
  if (full.length <= maxLength) return full;
  const note = `

${TRUNCATION_NOTE}`;
  const budget = maxLength - wrap("", note).length;
  if (budget < 0) return clipHead(head, note, maxLength);
  return wrap(selectChunks(chunks, budget), note);
}
var OMISSION_ROOM = 64;
function selectChunks(chunks, budget) {
  const groups = new Set(chunks.flatMap((c) => c.group === void 0 ? [] : [c.group]));
  const essential = chunks.reduce((sum, c) => sum + (c.group === void 0 ? c.text.length : 0), 0);
  let remaining = budget - essential - groups.size * OMISSION_ROOM;
  if (remaining < 0) return prefixWithin(chunks, budget);
  const omitted = /* @__PURE__ */ new Map();
  const notice = (group) => {
    const count = group === void 0 ? 0 : omitted.get(group) ?? 0;
    return count > 0 ? `

_\u2026 and ${count} more, not shown here._` : "";
  };
  let out = "";
  let previous;
  for (const chunk of chunks) {
    if (chunk.group !== previous) out += notice(previous);
    previous = chunk.group;
    if (chunk.group !== void 0) {
      if (omitted.has(chunk.group) || chunk.text.length > remaining) {
        omitted.set(chunk.group, (omitted.get(chunk.group) ?? 0) + 1);
        continue;
      }
      remaining -= chunk.text.length;
    }
    out += chunk.text;
  }
  return out + notice(previous);
}
function prefixWithin(chunks, budget) {
  let out = "";
  for (const chunk of chunks) {
    if (out.length + chunk.text.length > budget) break;
    out += chunk.text;
  }
  return out;
}
function clipHead(head, note, maxLength) {
  const room = Math.max(0, maxLength - note.length);
  const cut = head.length <= room ? head : head.slice(0, Math.max(0, head.lastIndexOf("\n", room)));
  return `${cut}${note}`.slice(0, maxLength);
}

// src/report/summary.ts
var COMPONENT_NAMES = {
  schema: "Schema Validation",
  rls: "RLS Policies",
  indexes: "Indexes",
  triggers: "Triggers",
  enums: "Enums",
  integration: "Integration Points",
  readiness: "Production Readiness",
  rollback: "Rollback Procedure"
};
var STATUS_EMOJI = {
  PASS: "\u2705",
  WARN: "\u26A0\uFE0F",
  FAIL: "\u274C",
  BLOCKED: "\u26D4",
  "N/A": "\u2796"
};
function statusLabel(status) {
  return status === "N/A" ? "N/A" : `${STATUS_EMOJI[status]} ${status}`;
}
var CHECK_LABELS = {
  PASS: "\u2713 PASS",
  FAIL: "\u274C FAIL",
  WARN: "\u26A0\uFE0F WARN",
  INFO: "\u2139\uFE0F INFO"
};
var SEVERITY_EMOJI = {
  critical: "\u274C",
  error: "\u274C",
  warning: "\u26A0\uFE0F",
  info: "\u2139\uFE0F"
};
function orderedTasks(report) {
  return [...report.tasks].sort((a, b) => TASK_IDS.indexOf(a.id) - TASK_IDS.indexOf(b.id));
}
function taskNumber(id) {
  return TASK_IDS.indexOf(id) + 1;
}
function allFindings(report) {
  return report.findings.length > 0 ? report.findings : report.tasks.flatMap((t) => t.findings);
}
function findingLines(finding2) {
  if (finding2.lines && finding2.lines.length > 0) return finding2.lines;
  return finding2.line === void 0 ? [] : [finding2.line];
}
function formatLines(lines) {
  return lines.join(", ");
}
function linesPhrase(lines) {
  return `${lines.length === 1 ? "line" : "lines"} ${formatLines(lines)}`;
}
function formatLocation(finding2) {
  if (!finding2.file) return void 0;
  const parts = [finding2.file];
  if (finding2.line !== void 0) {
    parts.push(finding2.line);
    if (finding2.column !== void 0) parts.push(finding2.column);
  }
  return parts.join(":");
}
function criticalIssues(findings) {
  const byKey2 = /* @__PURE__ */ new Map();
  for (const finding2 of findings) {
    if (finding2.severity !== "critical") continue;
    const key = finding2.object ?? `message:${finding2.message}`;
    const seen = byKey2.get(key);
    byKey2.set(key, seen ? mergeFinding(seen, finding2) : finding2);
  }
  return [...byKey2.values()];
}
function mergeFinding(seen, other) {
  const [main, rest] = richness(other) > richness(seen) ? [other, seen] : [seen, other];
  const lines = [.../* @__PURE__ */ new Set([...findingLines(main), ...findingLines(rest)])].sort((a, b) => a - b);
  return {
    ...main,
    lines: lines.length > 0 ? lines : void 0,
    impact: main.impact ?? rest.impact,
    excerpt: main.excerpt ?? rest.excerpt,
    ...main.file === void 0 ? { file: rest.file, line: rest.line, column: rest.column } : {}
  };
}
function richness(finding2) {
  return (finding2.impact ? 2 : 0) + (finding2.excerpt ? 1 : 0);
}
var ORDINALS = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH"];
function ordinal(n) {
  return ORDINALS[n - 1] ?? `#${n}`;
}
function formatDuration(ms) {
  return ms < 1e3 ? `${Math.round(ms)} ms` : `${(ms / 1e3).toFixed(2)} s`;
}
function formatTimings(timings) {
  const steps = Object.entries(timings).filter(([name]) => name !== "total_ms");
  const parts = [`total ${formatDuration(timings.total_ms)}`];
  for (const [name, ms] of steps) parts.push(`${name} ${formatDuration(ms)}`);
  return parts.join(" \xB7 ");
}
function describeDatabase(database) {
  const short = /PostgreSQL\s+[\w.]+/i.exec(database.version)?.[0];
  const version = short ?? `PostgreSQL ${database.version}`;
  return database.kind ? `${version} (${database.kind})` : version;
}

// src/report/markdown.ts
function renderMarkdown(report, options = {}) {
  return fitMarkdown({
    head: renderHead(report, options.marker),
    chunks: [
      ...criticalSection(report),
      ...requiredActionsSection(report),
      ...detailsSection(report),
      ...blockingGateSection(report)
    ],
    footer: `

---

<sub>Generated by migration-gate \xB7 ${escapeInline(formatTimings(report.timings))}</sub>
`,
    collapse: options.collapseDetails ?? false,
    maxLength: options.maxLength ?? Number.POSITIVE_INFINITY
  });
}
function renderHead(report, marker) {
  const blocked = report.verdict === "BLOCKED";
  const lines = [
    ...marker ? [marker] : [],
    `# Migration ${escapeInline(report.target)} \u2014 ${blocked ? "\u274C BLOCKED" : "\u2705 APPROVED"}`,
    "",
    // A trailing backslash is a hard line break; plain newlines collapse outside comments.
    `**Database:** ${escapeInline(describeDatabase(report.database))}\\`,
    `**Overall Status:** ${blocked ? "\u274C BLOCKED \u2014 NOT APPROVED FOR DEPLOYMENT" : "\u2705 APPROVED"}`,
    "",
    "## Quick Status",
    "",
    "| Component | Status | Details |",
    "|-----------|--------|---------|",
    ...orderedTasks(report).map(quickStatusRow),
    "",
    `**OVERALL:** ${blocked ? "\u274C NOT APPROVED" : "\u2705 APPROVED"}`
  ];
  return lines.join("\n");
}
function quickStatusRow(task) {
  const component = escapeTableCell(COMPONENT_NAMES[task.id] ?? task.title);
  return `| ${component} | ${statusLabel(task.status)} | ${escapeTableCell(task.summary)} |`;
}
function section(title) {
  return { text: `

---

## ${title}` };
}
function criticalSection(report) {
  const issues = criticalIssues(allFindings(report));
  if (issues.length === 0) return [];
  const items = issues.map((f, i) => ({
    text: `

${criticalIssue(f, i + 1)}`,
    group: "critical"
  }));
  return [section("Critical Issues Found"), ...items];
}
function criticalIssue(finding2, n) {
  const facts = [];
  if (finding2.impact) facts.push(`**Impact:** ${escapeInline(finding2.impact)}`);
  const lines = findingLines(finding2);
  if (lines.length > 0) facts.push(`**Lines:** ${formatLines(lines)}`);
  const location2 = formatLocation(finding2);
  if (location2) facts.push(`**File:** ${inlineCode(location2)}`);
  const blocks = [`### ${n}. CRITICAL: ${escapeInline(finding2.message)}`];
  if (facts.length > 0) blocks.push(facts.join("\\\n"));
  if (finding2.excerpt) blocks.push(codeFence(finding2.excerpt, "sql"));
  return blocks.join("\n\n");
}
function requiredActionsSection(report) {
  if (report.requiredActions.length === 0) return [];
  const items = report.requiredActions.map((action, i) => ({
    text: `${i === 0 ? "\n\n" : "\n"}${i + 1}. ${requiredAction(action)}`
  }));
  return [section("Required Actions"), ...items];
}
function requiredAction(action) {
  const source = action.createdBy.length > 0 ? `created by ${action.createdBy.map((file) => inlineCode(file)).join(", ")}` : "no file in the repository creates it";
  const lines = action.lines.length > 0 ? `; needed on ${linesPhrase(action.lines)}` : "";
  return `Create ${objectLabel(action)} \u2014 ${source}${lines}`;
}
function objectLabel(action) {
  return `${inlineCode(action.object)} (${escapeInline(action.kind)})`;
}
function detailsSection(report) {
  return [section("Detailed Verification Results"), ...orderedTasks(report).flatMap(taskChunks)];
}
function taskChunks(task) {
  const group = `task:${task.id}`;
  const title = `### Validation Task ${taskNumber(task.id)}: ${escapeInline(task.title)} ${STATUS_EMOJI[task.status]}`;
  const status = `**Status:** ${statusLabel(task.status)}\\
**Finding:** ${escapeInline(task.summary)}`;
  const checks = (task.checks ?? []).map((check, i) => ({
    text: `

${checkBlock(check, i + 1)}`,
    group
  }));
  const findings = task.findings.map((finding2, i) => ({
    text: `${i === 0 ? "\n\n**Findings:**\n" : "\n"}${findingItem(finding2)}`,
    group
  }));
  return [{ text: `

${title}

${status}` }, ...checks, ...findings];
}
function checkBlock(check, n) {
  return [
    `**Check ${n}: ${escapeInline(check.name)}**`,
    `- Result: ${CHECK_LABELS[check.status]}`,
    `- Finding: ${escapeInline(check.finding)}`
  ].join("\n");
}
function findingItem(finding2) {
  const object = finding2.object ? `**${escapeInline(finding2.object)}** \u2014 ` : "";
  const location2 = formatLocation(finding2);
  const where = location2 ? ` (${inlineCode(location2)})` : "";
  return `- ${SEVERITY_EMOJI[finding2.severity]} ${object}${escapeInline(finding2.message)}${where}`;
}
function blockingGateSection(report) {
  if (report.verdict !== "BLOCKED") return [];
  const steps = report.requiredActions.map(
    (action, i) => `${objectLabel(action)} is created \u2190 MUST DO ${ordinal(i + 1)}`
  );
  steps.push(`Migration ${escapeInline(report.target)} is successfully applied \u2190 THEN THIS`);
  steps.push(`All ${TASK_IDS.length} validation tasks pass \u2190 THEN VERIFY`);
  const list3 = steps.map((step, i) => `${i + 1}. ${step}`).join("\n");
  const text = ["**DO NOT PROCEED TO APPLICATION DEPLOYMENT**", "**This gate remains in place until:**", list3].join(
    "\n\n"
  );
  return [section("Blocking Gate"), { text: `

${text}` }];
}

// src/report/sarif.ts
import { createHash } from "node:crypto";
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var INFORMATION_URI = "https://github.com/migration-gate/migration-gate";
var LEVELS = {
  critical: "error",
  error: "error",
  warning: "warning",
  info: "note"
};
var LEVEL_RANK = { note: 0, warning: 1, error: 2 };
var RULE_TEXT = {
  "missing-relation": "The migration references a table, view or sequence that does not exist",
  "missing-schema": "The migration references a schema that does not exist",
  "missing-function": "The migration calls a function that does not exist",
  "missing-object": "The migration references a type or other object that does not exist",
  "missing-column": "The migration references a column that does not exist",
  "foreign-key-target-missing": "A foreign key points at a table that does not exist",
  "not-created": "An object the migration declares does not exist after it ran",
  "syntax-error": "The migration does not parse",
  "sql-error": "A statement of the migration failed",
  "statement-timeout": "A statement exceeded the statement timeout",
  "lock-timeout": "A statement could not acquire its lock in time",
  "blocking-session": "Another session holds locks or a long transaction on the target",
  "not-transactional": "The migration does not run in a single transaction",
  "non-transactional-statement": "A statement cannot run inside a transaction block",
  "psql-meta-command": "The migration contains psql meta-commands"
};
function renderSarif(report, options) {
  const findings = allFindings(report);
  const rules = buildRules(findings);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "migration-gate",
            informationUri: INFORMATION_URI,
            version: options.toolVersion,
            rules
          }
        },
        results: findings.map((f) => toResult(f, ruleIndex.get(f.rule) ?? 0))
      }
    ]
  };
  return JSON.stringify(log, null, 2);
}
function buildRules(findings) {
  const rules = /* @__PURE__ */ new Map();
  for (const finding2 of findings) {
    const level = LEVELS[finding2.severity];
    const known = rules.get(finding2.rule);
    if (known) {
      if (LEVEL_RANK[level] > LEVEL_RANK[known.defaultConfiguration.level]) {
        known.defaultConfiguration.level = level;
      }
      continue;
    }
    const text = RULE_TEXT[finding2.rule] ?? spellOut(finding2.rule);
    rules.set(finding2.rule, {
      id: finding2.rule,
      shortDescription: { text },
      fullDescription: { text: `${text}. Reported by the ${TASK_TITLES[finding2.task]} task.` },
      help: {
        text: "The migration-gate report (PR comment, job summary or report.md) lists every place the problem occurs and the files that would fix it."
      },
      defaultConfiguration: { level }
    });
  }
  return [...rules.values()];
}
function toResult(finding2, ruleIndex) {
  const text = finding2.impact ? `${finding2.message} \u2014 ${finding2.impact}` : finding2.message;
  const result = {
    ruleId: finding2.rule,
    ruleIndex,
    level: LEVELS[finding2.severity],
    message: { text },
    partialFingerprints: { "migrationGate/v1": fingerprint(finding2) }
  };
  if (finding2.file) result.locations = [{ physicalLocation: physicalLocation(finding2, finding2.file) }];
  return result;
}
function physicalLocation(finding2, file) {
  const artifactLocation = { uri: toUri(file) };
  if (finding2.line === void 0) return { artifactLocation };
  const region = {
    startLine: finding2.line,
    ...finding2.column !== void 0 ? { startColumn: finding2.column } : {},
    endLine: Math.max(finding2.endLine ?? finding2.line, finding2.line)
  };
  return { artifactLocation, region };
}
function fingerprint(finding2) {
  const key = [finding2.rule, finding2.object ?? finding2.message, finding2.file ?? ""].join("\0");
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
function toUri(file) {
  return file.replace(/\\/g, "/").replace(/^\.\//, "").split("/").map((segment) => encodeURIComponent(segment)).join("/");
}
function spellOut(rule) {
  const words = rule.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export {
  resolveOptions,
  Progress,
  displayPath,
  compareMigrationNames,
  runGate,
  renderJson,
  plainLine,
  escapeHtml,
  COMPONENT_NAMES,
  orderedTasks,
  allFindings,
  findingLines,
  formatLines,
  linesPhrase,
  formatLocation,
  criticalIssues,
  formatTimings,
  describeDatabase,
  renderMarkdown,
  renderSarif
};
