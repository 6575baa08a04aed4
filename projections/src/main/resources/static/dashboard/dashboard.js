'use strict';
// Draws each chart from the table the server rendered beside it, so the page and the charts cannot disagree, and
// reloads the page's figures every minute. Nothing here reaches another origin.
(function () {
    const REFRESH_MS = 60000;
    const charts = [];
    let map = null;
    let markers = null;

    function number(cell) {
        const value = cell && cell.dataset.value;
        if (value === undefined || value === '') {
            return null;
        }
        const parsed = Number(value);
        return Number.isFinite(parsed) ? parsed : null;
    }

    function drawCharts() {
        charts.splice(0).forEach(chart => chart.destroy());
        document.querySelectorAll('canvas[data-for]').forEach(canvas => {
            const table = document.getElementById(canvas.dataset.for);
            const rows = Array.from(table.tBodies[0].rows).filter(row => row.cells.length > 1);
            const labels = rows.map(row => row.cells[0].textContent.trim());
            let datasets;
            if (canvas.dataset.kind === 'appeals') {
                datasets = [
                    {label: 'filed', data: rows.map(row => number(row.cells[1])), backgroundColor: '#8ab4f8'},
                    {label: 'answered', data: rows.map(row => number(row.cells[2])), backgroundColor: '#34a853'},
                    {label: 'overdue now', data: rows.map(row => number(row.cells[5])), backgroundColor: '#ea4335'}
                ];
            } else {
                datasets = [{label: 'count', data: rows.map(row => number(row.cells[1])),
                    backgroundColor: '#1a73e8', borderColor: '#1a73e8'}];
            }
            const chart = new Chart(canvas, {
                type: canvas.dataset.kind === 'line' ? 'line' : 'bar',
                data: {labels: labels, datasets: datasets},
                options: {
                    animation: false,
                    maintainAspectRatio: false,
                    plugins: {legend: {display: canvas.dataset.kind === 'appeals'}},
                    scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
                    onClick: (event, elements) => {
                        if (elements.length) {
                            const link = rows[elements[0].index].querySelector('a');
                            if (link) {
                                window.location.href = link.href;
                            }
                        }
                    }
                }
            });
            charts.push(chart);
        });
    }

    function drawMap() {
        const container = document.getElementById('map');
        if (!map) {
            map = L.map(container, {attributionControl: true, zoomSnap: 0.25}).fitBounds([[34.3, 73.5], [49.2, 96.4]]);
            map.attributionControl.setPrefix(false);
            map.attributionControl.addAttribution('Facilities: BuzzFeed News — Xinjiang Camps Data (CC BY 4.0); borders: Natural Earth');
            fetch('/dashboard/borders.geojson')
                .then(answer => answer.json())
                .then(borders => L.geoJSON(borders, {style: {color: '#666', weight: 1}}).addTo(map));
        }
        if (markers) {
            markers.remove();
        }
        markers = L.layerGroup();
        document.querySelectorAll('#map-table tbody tr[data-lat]').forEach(row => {
            const count = number(row);
            const link = row.querySelector('a');
            const marker = L.circleMarker([Number(row.dataset.lat), Number(row.dataset.lon)], {
                radius: 4 + Math.sqrt(count === null ? 2 : count) * 2,
                color: '#b3261e', weight: 1, fillOpacity: 0.6, className: 'facility'
            });
            marker.bindTooltip(row.cells[0].textContent + ': ' + link.textContent);
            marker.on('click', () => { window.location.href = link.href; });
            markers.addLayer(marker);
        });
        markers.addTo(map);
    }

    function refresh() {
        fetch(window.location.href, {headers: {Accept: 'text/html'}, credentials: 'same-origin', redirect: 'manual'})
            .then(answer => answer.ok ? answer.text() : Promise.reject(answer.status))
            .then(html => {
                const page = new DOMParser().parseFromString(html, 'text/html');
                ['dashboard', 'freshness', 'disclosure'].forEach(id => {
                    const fresh = page.getElementById(id);
                    const shown = document.getElementById(id);
                    if (fresh && shown) {
                        shown.replaceChildren(...Array.from(fresh.childNodes).map(node => document.importNode(node, true)));
                    }
                });
                render();
            })
            .catch(() => { /* kept as it was: the next round tries again */ });
    }

    // The map keeps its element across a refresh: Leaflet is bound to it, the new page's is only a placeholder.
    function render() {
        const placeholder = document.getElementById('map');
        if (placeholder !== container) {
            placeholder.replaceWith(container);
            map.invalidateSize();
        }
        drawCharts();
        drawMap();
    }

    let container;
    document.addEventListener('DOMContentLoaded', () => {
        document.body.classList.add('scripted');
        container = document.getElementById('map');
        drawCharts();
        drawMap();
        setInterval(refresh, REFRESH_MS);
    });
}());
