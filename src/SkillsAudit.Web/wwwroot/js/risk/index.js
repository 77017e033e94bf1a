// The risk page's scatter: pass rate against assessed persons, per level; the bodies flagged as unusually high in red.
// Data comes HTML-encoded in data-chart of #chart; a click on a point opens that body's risk timeline.
import { redrawOnResize } from '../charts.js';

const holder = document.getElementById('chart');
const data = holder ? JSON.parse(holder.dataset.chart) : null;
if (data) {
    const box = document.getElementById('chart-scatter');
    const chart = echarts.init(box);
    const tip = p => `${p.data.name}<br>${p.data.group}<br>组织评价 ${p.data.value[0]} 人，合格率 ${p.data.value[1].toFixed(2)}%<br>同类中位数 ${p.data.median}`;
    chart.setOption({
        title: { text: `${data.year} 年合格率与评价人数（同省同职业同等级比较）`, textStyle: { fontSize: 14 } },
        tooltip: { formatter: tip }, legend: { bottom: 0 }, grid: { left: 60, right: 30, bottom: 60 },
        xAxis: { type: 'log', name: '组织评价（人）', nameLocation: 'middle', nameGap: 28, min: 1 },
        yAxis: { type: 'value', name: '合格率（%）', max: 100 },
        series: [
            ...data.groups.map(g => ({ name: g.name, type: 'scatter', symbolSize: 7, data: g.data })),
            { name: '合格率异常偏高', type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: '#d9534f' }, data: data.outliers,
              label: { show: true, position: 'right', formatter: p => p.data.name, fontSize: 11 } },
        ],
    });
    chart.on('click', p => { if (p.data && p.data.id) window.location.href = `/Risk/Body/${p.data.id}?year=${data.year}`; });
    redrawOnResize([chart]);
}
