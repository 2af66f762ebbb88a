require('dotenv').config()
const express = require('express')
const cors = require('cors')

const app = express()
app.use(cors())
const PORT = Number(process.env.PORT) || 3001

app.get('/api/health', (req, res) => res.json({ status: 'ok' }))

app.listen(PORT, () => {
  console.log(`API listening on http://localhost:${PORT}`)
})
