const express = require('express')
const app = express()

app.use(function(req, res, next) {
    res.header('Access-Control-Allow-Origin', 'http://localhost:4200');
    res.header('Access-Control-Allow-Origin', 'null');
    res.header("Access-Control-Allow-Headers", "Origin, X-Requested-With, Content-Type, Accept, Authorization");
    res.header('Access-Control-Allow-Methods', 'POST, GET, PUT, DELETE, OPTIONS');
    next();
});

app.get('/', function (req, res) {
  res.send('Hello World!')
})

app.get('/api/applicants', function (req, res) {
  res.json([])
})

app.listen(3000, function () {
  console.log('Example app listening on port 3000!')
})
