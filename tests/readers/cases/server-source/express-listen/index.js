const express = require('express');
const app = express();
// imports and exports name no port
app.listen(7998, () => console.log('API on 7998'));
