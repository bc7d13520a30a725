/* zoneplan serve: the editing page (学区划片), served at / beside leaflet.js and edit.css.
 * The contract with the server is the HTTP API of src/serve (docs: serve-api): the page
 * loads /api/data (schools, blocks, levels), opens a session (POST /api/session) and from
 * then on sends edits (paint, lock, undo, redo, optimise, import) and applies the Delta each
 * returns: only the blocks that changed are restyled (layers[i] is block i's polygon on one
 * canvas) and the panel's cells are rewritten in place. Nothing is redrawn whole per edit;
 * switching the level restyles every block once.
 * Painting: pick a school (the list, or click its marker), then click blocks, or hold Shift
 * and drag a lasso: the blocks whose centre lies inside it are painted. The lock mode locks
 * (or unlocks) the blocks clicked or lassoed instead. Edits go to the server one at a time,
 * in the order made. window.zpEdit is for tests and for anyone scripting the page. */
(function () {
  'use strict';

  /* The page's words (edit_words.js), completed from /api/data. */
  var WORDS = window.ZP_EDIT_WORDS;
  /* Which cell a flag turns red. */
  var FLAG_FIELD = {
    class_size: 'avg_class', large_class: 'avg_class', very_large_class: 'avg_class',
    classrooms: 'classes', school_cap: 'school_pupils', over_capacity: 'pupils',
    beyond_radius: 'beyond_radius', shortfall: 'shortfall'
  };
  var FIELDS = ['pupils', 'places', 'util', 'classes', 'avg_class', 'school_pupils',
    'beyond_radius', 'pieces', 'shortfall'];
  var TOTALS = ['children', 'placed', 'shortfall', 'mean_m', 'flags', 'moved'];
  var NONE_COLOUR = '#d9d9d9';

  var lang = 'zh';
  function w(key) {
    var p = WORDS[key];
    if (!p) return key;
    return lang === 'en' ? p[1] : p[0] + ' ' + p[1];
  }
  /* A label element's words: Chinese, then the English in a small span. */
  function label(node, key) {
    var p = WORDS[key] || [key, key];
    node.textContent = lang === 'en' ? p[1] : p[0];
    if (lang !== 'en') {
      var s = document.createElement('span');
      s.className = 'en';
      s.textContent = p[1];
      node.appendChild(s);
    }
    return node;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(n, digits) {
    if (n === null || n === undefined || (typeof n === 'number' && isNaN(n))) return '–';
    return Number(n).toLocaleString(lang === 'en' ? 'en' : 'zh-CN',
      { maximumFractionDigits: digits || 0, minimumFractionDigits: digits || 0 });
  }

  var data = null;        /* /api/data */
  var levels = [];        /* level names, active, in order */
  var cur = 0;            /* index into levels of the level shown */
  var st = null;          /* the session's state: school, painted, locked, panel, undo, redo, dirty */
  var painted = [];       /* per level: Set of painted block indices */
  var locked = new Set();
  var cmp = { against: 'none', blocks: [], pairs: [] };
  var cmpSet = [];        /* per level: Set of blocks that differ in the compare view */
  var layers = [];        /* block index -> its polygon */
  var centres = [];       /* block index -> L.LatLng of its bounds' centre (the lasso's test) */
  var blockIndex = {};    /* block id -> index */
  var schoolIndex = {};   /* school id -> index */
  var markers = [];       /* school index -> circleMarker */
  var brush = '';         /* school id painted with, '' none picked, '-' unpaint */
  var lockMode = false;
  var hovered = -1;       /* the block under the mouse, -1 none */
  var last = { ms: null, rtt: null };
  var map = null, blockRenderer = null;

  /* Per-level arrays of the data (children, today, serves) are indexed by active level; a
   * two-element array with a single active level is read by the level's own position. */
  function perLevel(arr, l) {
    if (!arr) return undefined;
    if (arr.length === levels.length) return arr[l];
    return arr[levels[l] === 'junior' ? 1 : 0];
  }

  /* ---- requests: one at a time, in order ---- */
  var chain = Promise.resolve();
  function enqueue(fn) {
    var p = chain.then(fn);
    chain = p.catch(function () {});
    return p;
  }
  function api(method, path, body, type) {
    var t0 = performance.now();
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      opts.body = typeof body === 'string' ? body : JSON.stringify(body);
      opts.headers['Content-Type'] = type || 'application/json';
    }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (text) {
        var j = null;
        try { j = JSON.parse(text); } catch (e) { j = null; }
        var rtt = performance.now() - t0;
        if (!r.ok) {
          var msg = (j && j.error) || (r.status + ' ' + text.slice(0, 200));
          var err = new Error(msg);
          err.status = r.status;
          throw err;
        }
        return { json: j, rtt: rtt };
      });
    });
  }
  function showError(e) {
    var box = $('error');
    if (!e) { box.hidden = true; box.textContent = ''; return; }
    box.hidden = false;
    box.textContent = (e.status ? e.status + ': ' : '') + (e.message || String(e));
  }

  /* ---- block styles ---- */
  function styleOf(i) {
    var l = cur, s = st.school[l][i];
    var isPainted = painted[l].has(i), isLocked = locked.has(i);
    var differs = cmpSet[l] && cmpSet[l].has(i);
    return {
      fillColor: s >= 0 && data.schools[s] ? data.schools[s].colour : NONE_COLOUR,
      fillOpacity: isPainted ? 0.9 : 0.62,
      color: differs ? '#e00000' : isPainted ? '#111111' : isLocked ? '#333333' : '#ffffff',
      weight: differs ? (isPainted ? 3.5 : 2.5) : isPainted ? 3 : isLocked ? 2 : 0.5,
      opacity: differs || isPainted || isLocked ? 1 : 0.75,
      dashArray: isLocked ? '5 4' : null
    };
  }
  function restyle(i) {
    if (layers[i]) layers[i].setStyle(styleOf(i));
  }
  function restyleAll() {
    for (var i = 0; i < layers.length; i++) restyle(i);
  }

  /* ---- the state and its deltas ---- */
  function setsFrom(s) {
    painted = (s.painted || []).map(function (list) { return new Set(list); });
    while (painted.length < levels.length) painted.push(new Set());
    locked = new Set(s.locked || []);
  }
  function applyState(s, rtt) {
    st = s;
    setsFrom(s);
    last.ms = s.ms;
    last.rtt = rtt;
    restyleAll();
    buildPanel();
    updateStatus();
  }
  /* A Delta: the changed blocks take their school, painted and locked are whole lists; the
   * blocks restyled are the changed ones and those whose painted or locked mark changed. */
  function applyDelta(d, rtt) {
    var touch = new Set();
    (d.changed || []).forEach(function (list, l) {
      list.forEach(function (pair) {
        st.school[l][pair[0]] = pair[1];
        if (l === cur) touch.add(pair[0]);
      });
    });
    if (d.painted) {
      d.painted.forEach(function (list, l) {
        var now = new Set(list);
        if (l === cur) {
          painted[l].forEach(function (i) { if (!now.has(i)) touch.add(i); });
          now.forEach(function (i) { if (!painted[l].has(i)) touch.add(i); });
        }
        painted[l] = now;
      });
      st.painted = d.painted;
    }
    if (d.locked) {
      var nowL = new Set(d.locked);
      locked.forEach(function (i) { if (!nowL.has(i)) touch.add(i); });
      nowL.forEach(function (i) { if (!locked.has(i)) touch.add(i); });
      locked = nowL;
      st.locked = d.locked;
    }
    ['panel', 'undo', 'redo', 'dirty', 'ms'].forEach(function (k) {
      if (d[k] !== undefined) st[k] = d[k];
    });
    last.ms = d.ms;
    last.rtt = rtt;
    touch.forEach(restyle);
    if (touch.has(hovered)) infoBlock(hovered); /* the box names the school it has now */
    updatePanel();
    updateStatus();
    var warn = $('warnings');
    if (d.warnings && d.warnings.length) {
      warn.hidden = false;
      warn.textContent = w('warnings') + ': ' + d.warnings.join('; ');
    } else {
      warn.hidden = true;
      warn.textContent = '';
    }
    return touch.size;
  }

  /* An edit: POST, apply its Delta, then the compare view again when one is shown. */
  function edit(path, body, type) {
    return enqueue(function () {
      return api('POST', path, body, type).then(function (r) {
        showError(null);
        applyDelta(r.json, r.rtt);
        return cmp.against !== 'none' ? loadCompare() : null;
      }).then(function () { return true; }, function (e) {
        showError(e);
        throw e;
      });
    });
  }
  function r2state() {
    return JSON.parse(JSON.stringify({
      session: st.session, level: levels[cur], school: st.school, painted: st.painted,
      locked: st.locked, panel: st.panel, undo: st.undo, redo: st.redo, dirty: st.dirty,
      ms: last.ms, rtt: last.rtt, compare: cmp
    }));
  }

  function paint(level, ids, schoolId) {
    return edit('/api/edit', { session: st.session, level: level, blocks: ids, school: schoolId });
  }
  function lock(ids, on) {
    return edit('/api/lock', { session: st.session, blocks: ids, locked: on });
  }
  function undo() { return edit('/api/undo', { session: st.session }); }
  function redo() { return edit('/api/redo', { session: st.session }); }
  function optimise() { return edit('/api/optimise', { session: st.session }); }

  /* Blocks clicked or lassoed: painted with the brush, or locked / unlocked in lock mode
   * (unlocked when all of them are locked already). */
  function act(indices) {
    if (!indices.length) return Promise.resolve(null);
    var ids = indices.map(function (i) { return data.blocks.features[i].properties.id; });
    if (lockMode) {
      var all = indices.every(function (i) { return locked.has(i); });
      return lock(ids, !all).catch(function () {});
    }
    if (!brush) {
      showError(new Error(w('pick_first')));
      return Promise.resolve(null);
    }
    return paint(levels[cur], ids, brush === '-' ? null : brush).catch(function () {});
  }

  /* ---- compare ---- */
  function loadCompare() {
    if (cmp.against === 'none') {
      cmp = { against: 'none', blocks: [], pairs: [] };
      return Promise.resolve(applyCompare());
    }
    var against = cmp.against;
    return api('GET', '/api/compare?session=' + encodeURIComponent(st.session) + '&against=' +
      encodeURIComponent(against)).then(function (r) {
      cmp = r.json;
      cmp.against = against;
      applyCompare();
    });
  }
  function applyCompare() {
    var old = cmpSet[cur] || new Set();
    cmpSet = levels.map(function (_, l) { return new Set((cmp.blocks && cmp.blocks[l]) || []); });
    var touch = new Set();
    old.forEach(function (i) { if (!cmpSet[cur].has(i)) touch.add(i); });
    cmpSet[cur].forEach(function (i) { if (!old.has(i)) touch.add(i); });
    touch.forEach(restyle);
    drawPairs();
  }
  function drawPairs() {
    var box = $('pairs-box'), head = $('pairs').tHead, body = $('pairs').tBodies[0];
    if (cmp.against === 'none') { box.hidden = true; return; }
    box.hidden = false;
    var title = $('pairs-title');
    title.textContent = w('pairs') + ' — ' + w('cmp_' + cmp.against) + ' (' + w(levels[cur]) + ', ' +
      fmt(cmpSet[cur].size) + ' ' + w('blocks') + ')';
    head.textContent = '';
    var hr = head.insertRow();
    ['from', 'to', 'children', 'blocks'].forEach(function (k) { hr.appendChild(label(el('th'), k)); });
    body.textContent = '';
    var pairs = (cmp.pairs && cmp.pairs[cur]) || [];
    pairs.forEach(function (p) {
      var tr = body.insertRow();
      tr.dataset.from = p.from;
      tr.dataset.to = p.to;
      tr.insertCell().textContent = schoolName(p.from);
      tr.insertCell().textContent = schoolName(p.to);
      var c = tr.insertCell();
      c.textContent = fmt(p.children);
      c.className = 'num';
      c = tr.insertCell();
      c.textContent = fmt(p.blocks);
      c.className = 'num';
    });
  }
  function schoolName(id) {
    if (!id) return w('no_school');
    var i = schoolIndex[id];
    return i === undefined ? id : data.schools[i].name + ' (' + id + ')';
  }

  /* ---- the panel ---- */
  function levelPanel() {
    if (!st.panel || !st.panel.levels) return null;
    var lv = null;
    st.panel.levels.forEach(function (p) { if (p.level === levels[cur]) lv = p; });
    return lv || st.panel.levels[cur] || null;
  }
  function buildPanel() {
    var table = $('panel'), head = table.tHead, body = table.tBodies[0];
    head.textContent = '';
    body.textContent = '';
    var hr = head.insertRow();
    hr.appendChild(label(el('th'), 'school'));
    FIELDS.forEach(function (f) {
      var th = label(el('th'), f);
      th.dataset.field = f;
      hr.appendChild(th);
    });
    var lv = levelPanel();
    if (lv) lv.schools.forEach(function (row) {
      var s = data.schools[row.school];
      var tr = body.insertRow();
      tr.dataset.school = s.id;
      var name = tr.insertCell();
      name.className = 'name';
      var sw = el('span', 'swatch');
      sw.style.background = s.colour;
      name.appendChild(sw);
      name.appendChild(el('span', null, s.name));
      name.title = s.id;
      name.addEventListener('click', function () { setBrush(s.id); });
      FIELDS.forEach(function (f) {
        var td = tr.insertCell();
        td.dataset.field = f;
        td.className = 'num';
      });
    });
    updatePanel();
  }
  function setCell(td, text, value, red) {
    td.textContent = '';
    if (typeof text === 'string') td.textContent = text;
    else td.appendChild(text);
    td.dataset.value = value === null || value === undefined ? '' : String(value);
    td.classList.toggle('flag', !!red);
  }
  function updatePanel() {
    var lv = levelPanel();
    var rows = {};
    Array.prototype.forEach.call($('panel').tBodies[0].rows, function (tr) { rows[tr.dataset.school] = tr; });
    if (lv && lv.schools.some(function (row) { return !rows[data.schools[row.school].id]; })) {
      buildPanel(); /* a school came or went: the rows again (and this, from there) */
      return;
    }
    if (lv) lv.schools.forEach(function (row) {
      var s = data.schools[row.school];
      var tr = rows[s.id];
      var red = {};
      (row.flags || []).forEach(function (f) { if (FLAG_FIELD[f]) red[FLAG_FIELD[f]] = true; });
      tr.classList.toggle('brush', s.id === brush);
      tr.title = (row.flags || []).map(function (f) { return w('flag_' + f); }).join('; ');
      var cells = {};
      Array.prototype.forEach.call(tr.cells, function (td) { if (td.dataset.field) cells[td.dataset.field] = td; });
      setCell(cells.pupils, fmt(row.pupils), row.pupils, red.pupils);
      setCell(cells.places, fmt(row.places), row.places, red.pupils);
      var bar = el('span', 'bar');
      var fill = el('span', 'fill' + (row.util > 1 ? ' over' : ''));
      fill.style.width = Math.min(100, Math.max(0, row.util * 100)) + '%';
      bar.appendChild(fill);
      var wrap = el('span', 'util');
      wrap.appendChild(bar);
      wrap.appendChild(el('span', 'pct', fmt(row.util * 100) + '%'));
      setCell(cells.util, wrap, row.util, row.util > 1 || red.pupils);
      setCell(cells.classes, fmt(row.classes_needed) + ' / ' + fmt(row.classes), row.classes_needed, red.classes);
      setCell(cells.avg_class, fmt(row.avg_class, 1) + ' / ' + fmt(row.class_cap), row.avg_class, red.avg_class);
      setCell(cells.school_pupils, fmt(row.school_pupils) + ' / ' + fmt(row.school_cap), row.school_pupils,
        red.school_pupils);
      setCell(cells.beyond_radius, fmt(row.beyond_radius), row.beyond_radius, red.beyond_radius);
      setCell(cells.pieces, fmt(row.pieces), row.pieces, false);
      cells.pieces.classList.toggle('warn', row.pieces > 1);
      setCell(cells.shortfall, fmt(row.shortfall), row.shortfall, red.shortfall);
      cells.pupils.dataset.flags = (row.flags || []).join(';');
    });
    /* the level's totals */
    var totals = $('totals');
    totals.textContent = '';
    var t = lv ? lv.totals : {};
    var hr = totals.insertRow(), vr = totals.insertRow();
    TOTALS.forEach(function (k) {
      var th = label(el('th'), k);
      hr.appendChild(th);
      var td = vr.insertCell();
      td.dataset.field = k;
      td.dataset.value = t[k] === undefined ? '' : String(t[k]);
      td.textContent = k === 'mean_m' ? fmt(t[k], 1) + ' ' + (lang === 'en' ? 'm' : '米') : fmt(t[k]);
      td.className = 'num' + ((k === 'shortfall' || k === 'flags') && t[k] > 0 ? ' flag' : '');
    });
  }
  function updateStatus() {
    $('undo').disabled = !st.undo;
    $('redo').disabled = !st.redo;
    $('undo').dataset.count = st.undo;
    $('redo').dataset.count = st.redo;
    var dirty = $('dirty');
    dirty.hidden = !st.dirty;
    dirty.textContent = st.dirty ? w('dirty') : '';
    var lat = $('latency');
    lat.textContent = w('server') + ' ' + fmt(last.ms, 1) + ' ms · ' + w('round_trip') + ' ' +
      fmt(last.rtt, 1) + ' ms';
    lat.dataset.ms = last.ms === null || last.ms === undefined ? '' : String(last.ms);
    lat.dataset.rtt = last.rtt === null || last.rtt === undefined ? '' : String(last.rtt);
  }

  /* ---- schools, brush, levels ---- */
  function serves(s, l) {
    var v = perLevel(s.serves, l);
    return v === undefined ? true : !!v;
  }
  function markerStyle(s, i) {
    var chosen = s.id === brush;
    var base = {
      primary: { radius: 6, color: '#111111', weight: 2 },
      junior: { radius: 7, color: '#1f3a93', weight: 3 },
      nine_year: { radius: 8, color: '#6a1b9a', weight: 3 }
    }[s.type] || { radius: 6, color: '#111111', weight: 2 };
    return {
      radius: chosen ? base.radius + 4 : base.radius,
      color: chosen ? '#ffd400' : base.color,
      weight: chosen ? 4 : base.weight,
      fillColor: s.closed ? '#999999' : s.colour,
      fillOpacity: 1,
      dashArray: s.closed ? '3 3' : null,
      className: 'zp-school zp-school-' + s.type + ' zp-school-' + s.id
    };
  }
  function drawSchools() {
    markers.forEach(function (m, i) {
      var s = data.schools[i];
      if (serves(s, cur)) {
        m.setStyle(markerStyle(s, i));
        if (!map.hasLayer(m)) m.addTo(map);
      } else if (map.hasLayer(m)) {
        map.removeLayer(m);
      }
    });
  }
  function fillPicker() {
    var sel = $('school-pick');
    sel.textContent = '';
    var o = el('option', null, w('pick'));
    o.value = '';
    sel.appendChild(o);
    o = el('option', null, w('erase'));
    o.value = '-';
    sel.appendChild(o);
    data.schools.forEach(function (s) {
      if (!serves(s, cur) || s.closed) return;
      var opt = el('option', null, s.name + ' (' + s.id + ')');
      opt.value = s.id;
      opt.style.borderLeft = '10px solid ' + s.colour;
      sel.appendChild(opt);
    });
    var ok = Array.prototype.some.call(sel.options, function (op) { return op.value === brush; });
    if (!ok) brush = '';
    sel.value = brush;
  }
  function setBrush(id) {
    brush = id;
    $('school-pick').value = id;
    if (lockMode) setLockMode(false);
    drawSchools();
    Array.prototype.forEach.call($('panel').tBodies[0].rows, function (tr) {
      tr.classList.toggle('brush', tr.dataset.school === brush);
    });
  }
  function setLockMode(on) {
    lockMode = on;
    var b = $('lock-mode');
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.classList.toggle('on', on);
    $('map').classList.toggle('locking', on);
  }
  function setLevel(l) {
    cur = l;
    $('level').value = levels[l];
    fillPicker();
    drawSchools();
    cmpSet = levels.map(function (_, k) { return new Set((cmp.blocks && cmp.blocks[k]) || []); });
    restyleAll();
    buildPanel();
    drawPairs();
  }

  /* ---- the info box (block under the mouse) ---- */
  function infoDefault() {
    var box = $('info');
    box.textContent = '';
    box.appendChild(el('div', 'title', data ? data.title : ''));
    box.appendChild(el('div', 'note', w('hint')));
  }
  function infoBlock(i) {
    var f = data.blocks.features[i].properties, box = $('info');
    var s = st.school[cur][i], today = perLevel(f.today, cur);
    box.textContent = '';
    box.appendChild(el('div', 'title', f.name + ' (' + f.id + ')'));
    box.appendChild(el('div', null, w(levels[cur]) + ' · ' + w('children') + ': ' + fmt(perLevel(f.children, cur))));
    box.appendChild(el('div', null, w('school') + ': ' + (s >= 0 ? data.schools[s].name + ' (' + data.schools[s].id + ')' : w('no_school'))));
    box.appendChild(el('div', null, w('today') + ': ' + (today >= 0 ? data.schools[today].name : w('no_school'))));
    var marks = [];
    if (painted[cur].has(i)) marks.push(w('painted'));
    if (locked.has(i)) marks.push(w('locked'));
    if (marks.length) box.appendChild(el('div', 'note', marks.join(' · ')));
  }

  /* ---- the lasso: Shift-drag draws a polygon; the blocks whose centre is inside are acted on ---- */
  function inside(pt, ring) {
    var x = pt.lng, y = pt.lat, inn = false;
    for (var a = 0, b = ring.length - 1; a < ring.length; b = a++) {
      var xa = ring[a].lng, ya = ring[a].lat, xb = ring[b].lng, yb = ring[b].lat;
      if ((ya > y) !== (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) inn = !inn;
    }
    return inn;
  }
  function lassoBlocks(ring) {
    var out = [];
    if (ring.length < 3) return out;
    var box = L.latLngBounds(ring);
    for (var i = 0; i < centres.length; i++)
      if (centres[i] && box.contains(centres[i]) && inside(centres[i], ring)) out.push(i);
    return out;
  }
  function setupLasso() {
    var box = map.getContainer(), ring = null, line = null, swallowClick = false;
    function point(e) { return map.mouseEventToLatLng(e); }
    box.addEventListener('mousedown', function (e) {
      if (!e.shiftKey || e.button !== 0) return;
      e.stopPropagation();
      e.preventDefault();
      ring = [point(e)];
      line = L.polyline(ring, { color: '#e00000', weight: 2, dashArray: '4 4', interactive: false,
        renderer: lassoRenderer }).addTo(map);
    }, true);
    box.addEventListener('mousemove', function (e) {
      if (!ring) return;
      e.stopPropagation();
      ring.push(point(e));
      line.setLatLngs(ring);
    }, true);
    function end(e) {
      if (!ring) return;
      e.stopPropagation();
      var r = ring;
      ring = null;
      map.removeLayer(line);
      line = null;
      swallowClick = true;
      setTimeout(function () { swallowClick = false; }, 0);
      act(lassoBlocks(r));
    }
    box.addEventListener('mouseup', end, true);
    box.addEventListener('click', function (e) {
      if (swallowClick) { e.stopPropagation(); swallowClick = false; }
    }, true);
    return { blocks: lassoBlocks };
  }
  var lassoRenderer = null;

  /* ---- for tests: where to click a block ---- */
  function ringsOf(layer) {
    var ll = layer.getLatLngs();
    /* Polygon: [ring, hole...]; MultiPolygon: [[ring, hole...], ...] */
    if (ll.length && ll[0] instanceof L.LatLng) return [ll];
    if (ll.length && ll[0].length && ll[0][0] instanceof L.LatLng) return [ll[0]];
    return ll.map(function (p) { return p[0]; });
  }
  /* The block drawn at a container point: the last block (in draw order) whose shape holds it. */
  function blockAt(x, y) {
    var p = map.containerPointToLayerPoint(L.point(x, y)), hit = -1;
    for (var i = 0; i < layers.length; i++)
      if (layers[i] && layers[i]._pxBounds && layers[i]._pxBounds.contains(p) && layers[i]._containsPoint(p)) hit = i;
    return hit;
  }
  /* A point well inside block id, in page pixels: on a grid over its bounds, the inside point
   * farthest from the block's edges; null when the block has no inside point on screen. */
  function blockSpot(id) {
    var i = blockIndex[id];
    if (i === undefined) return null;
    var layer = layers[i], rect = map.getContainer().getBoundingClientRect();
    var rings = ringsOf(layer).map(function (r) { return r.map(function (ll) { return map.latLngToContainerPoint(ll); }); });
    var b = layer.getBounds(), nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
    var best = null, bestD = -1;
    for (var gx = 1; gx < 16; gx++) for (var gy = 1; gy < 16; gy++) {
      var p = L.point(nw.x + (se.x - nw.x) * gx / 16, nw.y + (se.y - nw.y) * gy / 16);
      if (p.x < 2 || p.y < 2 || p.x > rect.width - 2 || p.y > rect.height - 2) continue;
      var d = Infinity, inn = false;
      rings.forEach(function (r) {
        var rr = r.map(function (q) { return { lng: q.x, lat: q.y }; });
        if (inside({ lng: p.x, lat: p.y }, rr)) inn = !inn;
        for (var k = 0, m = r.length - 1; k < r.length; m = k++)
          d = Math.min(d, L.LineUtil.pointToSegmentDistance(p, r[m], r[k]));
      });
      if (inn && d > bestD) { bestD = d; best = p; }
    }
    if (!best) return null;
    return { x: rect.left + best.x, y: rect.top + best.y, cx: best.x, cy: best.y, margin: bestD,
      hit: blockAt(best.x, best.y) === i };
  }

  /* ---- start ---- */
  function setupControls() {
    document.querySelectorAll('[data-w]').forEach(function (n) {
      var key = n.dataset.w;
      if (n.tagName === 'BUTTON' || n.tagName === 'A' || n.tagName === 'SPAN') label(n, key);
    });
    $('save-name').placeholder = lang === 'en' ? WORDS.save_name[1] : WORDS.save_name[0] + ' ' + WORDS.save_name[1];
    var lsel = $('level');
    levels.forEach(function (lv, k) {
      var o = el('option', null, w(lv));
      o.value = lv;
      lsel.appendChild(o);
    });
    lsel.addEventListener('change', function () { setLevel(Math.max(0, levels.indexOf(lsel.value))); });
    $('school-pick').addEventListener('change', function () { setBrush($('school-pick').value); });
    $('lock-mode').addEventListener('click', function () { setLockMode(!lockMode); });
    $('undo').addEventListener('click', function () { undo().catch(function () {}); });
    $('redo').addEventListener('click', function () { redo().catch(function () {}); });
    $('optimise').addEventListener('click', function () {
      var b = $('optimise');
      b.disabled = true;
      optimise().catch(function () {}).then(function () { b.disabled = false; });
    });
    var csel = $('compare');
    ['none'].concat(data.compare || []).forEach(function (k) {
      var o = el('option', null, w('cmp_' + k));
      o.value = k;
      csel.appendChild(o);
    });
    csel.addEventListener('change', function () {
      cmp.against = csel.value;
      enqueue(loadCompare).catch(showError);
    });
    $('save').addEventListener('click', function () { save().catch(function () {}); });
    $('import').addEventListener('change', function () {
      var f = $('import').files[0];
      if (!f) return;
      f.text().then(function (text) { return importCsv(text); }).catch(function () {})
        .then(function () { $('import').value = ''; });
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target && e.target.tagName;
      /* typing in the name box undoes its own text; anywhere else the plan's edits */
      if (t === 'TEXTAREA' || (t === 'INPUT' && /^(text|search|number)$/.test(e.target.type))) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      var k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); undo().catch(function () {}); }
      else if (k === 'y' || (k === 'z' && e.shiftKey)) { e.preventDefault(); redo().catch(function () {}); }
    });
  }
  function save(name) {
    var box = $('save-name');
    if (name === undefined) name = box.value.trim();
    if (!name) {
      name = (window.prompt(w('save_ask'), '') || '').trim();
      if (!name) return Promise.resolve(null);
      box.value = name;
    }
    function post(overwrite) {
      var body = { session: st.session, name: name };
      if (overwrite) body.overwrite = true;
      return api('POST', '/api/save', body).catch(function (e) {
        /* NAME.yaml exists: replace it only when the planner says so */
        if (e.status === 409 && !overwrite && window.confirm(e.message + '\n\n' + w('overwrite_ask')))
          return post(true);
        throw e;
      });
    }
    return enqueue(function () {
      return post(false).then(function (r) {
        showError(null);
        /* edited since the last solve: the server solved the rest first, as the run will */
        if (r.json.delta) applyDelta(r.json.delta, r.rtt);
        var res = $('save-result');
        res.hidden = false;
        res.textContent = '';
        res.appendChild(el('div', null, w('saved') + ': ' + r.json.path +
          (r.json.assigned !== undefined ? ' · ' + w('assigned') + ' ' + fmt(r.json.assigned) : '')));
        var code = el('code', 'command', r.json.command);
        res.appendChild(code);
        res.dataset.path = r.json.path;
        res.dataset.command = r.json.command;
        return r.json;
      }, function (e) { showError(e); throw e; });
    });
  }
  function importCsv(text) {
    return edit('/api/import?session=' + encodeURIComponent(st.session), text, 'text/csv');
  }

  function drawMap() {
    map = L.map('map', { preferCanvas: true, zoomSnap: 0.25, boxZoom: false, doubleClickZoom: false });
    map.createPane('zp-blocks').style.zIndex = 400;
    map.createPane('zp-lasso').style.zIndex = 450;
    map.createPane('zp-schools').style.zIndex = 460;
    blockRenderer = L.canvas({ pane: 'zp-blocks', tolerance: 0 });
    lassoRenderer = L.svg({ pane: 'zp-lasso' });
    var schoolRenderer = L.svg({ pane: 'zp-schools' });
    var feats = data.blocks.features;
    for (var i = 0; i < feats.length; i++) blockIndex[feats[i].properties.id] = i;
    L.geoJSON(data.blocks, {
      renderer: blockRenderer,
      pane: 'zp-blocks',
      style: function (f) { return { weight: 0.6, color: '#ffffff', fillOpacity: 0.62 }; },
      onEachFeature: function (f, layer) {
        var i = f.properties.i !== undefined ? f.properties.i : feats.indexOf(f);
        layers[i] = layer;
        layer.zpIndex = i;
        centres[i] = layer.getBounds().getCenter();
      }
    }).on('click', function (e) {
      act([e.layer.zpIndex]);
    }).on('mouseover', function (e) {
      hovered = e.layer.zpIndex;
      infoBlock(hovered);
    }).on('mouseout', function () {
      hovered = -1;
      infoDefault();
    }).addTo(map);
    data.schools.forEach(function (s, i) {
      var m = L.circleMarker([s.lat, s.lon], Object.assign({ renderer: schoolRenderer, pane: 'zp-schools',
        bubblingMouseEvents: false }, markerStyle(s, i)));
      m.bindTooltip(s.name + ' (' + s.id + ')' + ' · ' + w('school_' + s.type) +
        (s.closed ? ' · ' + w('closed') : ''), { direction: 'right', offset: [8, 0] });
      m.on('click', function () { if (!s.closed) setBrush(s.id); });
      markers[i] = m;
    });
    var b = data.bbox;
    if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [10, 10] });
    else map.setView([0, 0], 2);
  }

  var ready = api('GET', '/api/data').then(function (r) {
    data = r.json;
    Object.keys(data.words || {}).forEach(function (k) { WORDS[k] = data.words[k]; });
    lang = data.lang === 'en' ? 'en' : 'zh';
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh';
    levels = data.levels || [];
    var t = $('title');
    t.textContent = data.title || 'zoneplan';
    document.title = (data.title || 'zoneplan') + ' — ' + (lang === 'en' ? 'catchment editor' : '学区划片');
    data.schools.forEach(function (s, i) { schoolIndex[s.id] = i; });
    setupControls();
    drawMap();
    setupLasso();
    infoDefault();
    return api('POST', '/api/session', {});
  }).then(function (r) {
    var s = r.json;
    st = s;
    setsFrom(s);
    last.ms = s.ms;
    last.rtt = r.rtt;
    $('export').href = '/api/export.csv?session=' + encodeURIComponent(s.session);
    setLevel(0);
    updateStatus();
    document.body.classList.add('ready');
    return true;
  }).catch(function (e) {
    showError(e);
    throw e;
  });

  window.zpEdit = {
    ready: ready,
    /* each edit resolves to the state after it (as state() gives it), or rejects with the
     * server's message */
    paint: function (level, blockIds, schoolId) {
      return ready.then(function () { return paint(level, blockIds, schoolId === undefined ? null : schoolId); }).then(r2state);
    },
    lock: function (blockIds, on) { return ready.then(function () { return lock(blockIds, on !== false); }).then(r2state); },
    undo: function () { return ready.then(undo).then(r2state); },
    redo: function () { return ready.then(redo).then(r2state); },
    optimise: function () { return ready.then(optimise).then(r2state); },
    importCsv: function (text) { return ready.then(function () { return importCsv(text); }).then(r2state); },
    save: function (name) { return ready.then(function () { return save(name); }); },
    compare: function (against) {
      return ready.then(function () {
        $('compare').value = against;
        cmp.against = against;
        return enqueue(loadCompare).then(r2state);
      });
    },
    state: function () { return ready.then(function () { return enqueue(r2state); }); },
    setLevel: function (name) { return ready.then(function () { setLevel(Math.max(0, levels.indexOf(name))); }); },
    setBrush: function (id) { return ready.then(function () { setBrush(id); }); },
    lasso: function (ring) { return lassoBlocks(ring.map(function (p) { return L.latLng(p[0], p[1]); })); },
    blockSpot: blockSpot,
    /* block id -> how it is drawn now (fill, outline colour, weight, dashes) */
    blockStyle: function (id) {
      var i = blockIndex[id], o = i === undefined ? null : layers[i].options;
      return o && { fillColor: o.fillColor, color: o.color, weight: o.weight, dashArray: o.dashArray || null };
    },
    /* how many blocks are drawn with the compare view's red outline */
    outlined: function () {
      var n = 0;
      for (var i = 0; i < layers.length; i++) if (layers[i].options.color === '#e00000') n++;
      return n;
    },
    blockAt: blockAt,
    schoolSpot: function (id) {
      var i = schoolIndex[id];
      if (i === undefined) return null;
      var p = map.latLngToContainerPoint(markers[i].getLatLng()), rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    get map() { return map; },
    get data() { return data; }
  };
})();
