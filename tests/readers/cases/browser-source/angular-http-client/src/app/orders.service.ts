import { Injectable, inject } from '@angular/core';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { environment } from '../../environments/environment';

@Injectable({ providedIn: 'root' })
export class OrdersService {
  private http = inject(HttpClient);
  private readonly base = environment.api.baseUrl + '/orders';

  list() {
    return this.http.get<Order[]>(this.base, { withCredentials: true });
  }

  create(order: Order) {
    return this.http.post<Order>(this.base, order);
  }

  upload(form: FormData) {
    return this.http.post(`${this.base}/upload`, form);
  }

  rename(id: number, name: string) {
    return this.http.put(`${this.base}/${id}/name`, name, {
      headers: new HttpHeaders({ Authorization: `Bearer ${localStorage.getItem('token')}` }),
    });
  }

  search(verb: string) {
    return this.http.request(verb, `${this.base}/search`, { body: { q: 1 } });
  }

  remove(id: number) {
    return this.http.request('DELETE', `${this.base}/${id}`);
  }
}
