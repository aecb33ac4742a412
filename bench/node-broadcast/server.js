// The benchmark's other reference (docs/benchmarks.md): a bare Node.js broadcast server on the `ws` package, what
// people often pick for a chat server. A socket connects to /ws?room=NAME (default "all"); every text message it sends
// goes to every open socket of that room, itself included. No accounts, no storage, no JSON.
// Usage: node server.js PORT   (prints "listening" once it accepts connections)
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 5099);
const rooms = new Map();
const server = http.createServer((req, res) => { res.writeHead(200); res.end('ok'); });
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (socket, req) => {
  const name = new URL(req.url, 'http://localhost').searchParams.get('room') || 'all';
  let room = rooms.get(name);
  if (!room) rooms.set(name, room = new Set());
  room.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const peer of room) {
      if (peer.readyState === 1) peer.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => room.delete(socket));
  socket.on('error', () => room.delete(socket));
});

server.listen(port, '127.0.0.1', () => console.log('listening'));
