const express = require('express');
const cors = require('cors');
const cookieParser = require('cookie-parser');

const app = express();

// Enable CORS for the Vite front end, with cookies
app.use(cors({
  origin: 'http://localhost:5173',
  credentials: true
}));
app.use(express.json());
app.use(cookieParser());

const auth = express.Router();
auth.get('/me', (req, res) => res.json({ user: null }));
auth.post('/login', (req, res) => {
  res.cookie('sid', 'x', { httpOnly: true });
  res.json({ ok: true });
});
app.use('/api/auth', auth);
app.use('/api/posts', require('./routes/posts'));

const PORT = process.env.PORT || 5000;
app.listen(PORT, () => console.log(`Server running on port ${PORT}`));
