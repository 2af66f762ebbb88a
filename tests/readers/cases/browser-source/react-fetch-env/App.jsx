import { useEffect, useState } from 'react'

const API_URL = import.meta.env.VITE_API_URL || 'http://localhost:8000'

export default function App() {
  const [items, setItems] = useState([])
  useEffect(() => {
    fetch(`${API_URL}/items`, { credentials: 'include' })
      .then((r) => r.json())
      .then(setItems)
  }, [])

  async function add(name) {
    // JSON.stringify without a Content-Type: fetch sends text/plain, no preflight
    await fetch(API_URL + '/items', { method: 'POST', body: JSON.stringify({ name }) })
    await fetch(`${API_URL}/items`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Trace': '1' },
      body: JSON.stringify({ name }),
    })
  }

  const remove = (id, method) => fetch(`/api/items/${id}`, { method })
  return <ul>{items.map((item) => <li key={item.id} onClick={() => remove(item.id, 'DELETE')}>{item.name}</li>)}</ul>
}

const BASE = import.meta.env.DEV ? 'http://127.0.0.1:5000/api' : 'https://example.onrender.com/api'
const BASE2 = process.env.NODE_ENV === "production" ? 'https://example.com' : 'http://localhost:4000'
export const transliterate = () => fetch(`${BASE}/transliterate`)
export const other = () => fetch(`${BASE2}/x`)
export const unknown = (flag) => fetch(`${flag ? 'http://a' : 'http://b'}/y`)
