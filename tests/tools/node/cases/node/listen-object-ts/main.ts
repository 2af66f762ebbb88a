import 'dotenv/config'
import { createServer } from 'node:http'

const host = '127.0.0.1'
const port = parseInt(process.env['API_PORT'] ?? '8080', 10)

createServer((req, res) => res.end('ok')).listen({ port, host } as ListenOptions)
