// The peer of `cdc capture` in scripts/bench/capture-live: @vlasky/zongji reads the binlog of a
// server as a replica from the start of FILE and counts the inserted rows of DB.TABLE until it
// has ROWS of them, then exits: 0, or 1 on an error or when rows stop short of ROWS. The rows
// are decoded into JavaScript values, what a Node consumer gets; nothing is printed per row, as
// cdc's output goes to /dev/null in the same run.
// Usage: node zongji-count.js ZONGJI_DIR HOST PORT USER PASSWORD FILE DB TABLE ROWS
'use strict';
const path = require('path');
const { pathToFileURL } = require('url');

async function main() {
    const [dir, host, port, user, password, filename, db, table, rows] = process.argv.slice(2);
    if (!rows) throw new Error('usage: zongji-count.js ZONGJI_DIR HOST PORT USER PASSWORD FILE DB TABLE ROWS');
    // Installed outside the repository (see capture-live), so imported by its path.
    const entry = path.join(dir, 'node_modules', '@vlasky', 'zongji', 'index.js');
    const { default: ZongJi } = await import(pathToFileURL(entry).href);
    const wanted = Number(rows);
    const zongji = new ZongJi({ host, port: Number(port), user, password });
    let seen = 0;
    zongji.on('error', (err) => {
        console.error(`zongji: ${err.message || err}`);
        process.exit(1);
    });
    // The stream never ends by itself: without new rows for a while, fewer came than expected.
    let last = Date.now();
    setInterval(() => {
        if (Date.now() - last < 30000) return;
        console.error(`zongji-count: ${seen} of ${wanted} rows, then nothing for 30 s`);
        process.exit(1);
    }, 1000);
    zongji.on('binlog', (event) => {
        if (event.getEventName() !== 'writerows') return;
        seen += event.rows.length;
        last = Date.now();
        if (seen >= wanted) {
            console.log(`${seen} rows`);
            process.exit(0); // stop() would wait for the server to close the stream
        }
    });
    zongji.start({
        serverId: 4000 + (process.pid % 1000),
        startAtEnd: false,
        filename,
        position: 4,
        includeEvents: ['tablemap', 'writerows'],
        includeSchema: { [db]: [table] },
    });
}

main().catch((err) => {
    console.error(`zongji-count: ${err.message || err}`);
    process.exit(1);
});
