import express from 'express'
const app = express()
app.listen(4000, '0.0.0.0', () => console.log('up'))
app.listen('4001')
