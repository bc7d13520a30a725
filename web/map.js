/* zoneplan map.html: draws the data that the page carries inline (the #zp-data element,
 * written by src/publish/html.c) with Leaflet. No tiles: the page must open from file://
 * with no network, so the catchments are drawn on a plain background. One radio choice
 * per level shows that level's catchments and schools; the blocks stay on the map and
 * the info box (#zp-info) tells the hovered block's school and distance at the level shown.
 * Parents look themselves up in the search box (#zp-search: a community's name or part of
 * it): the matches are listed, and choosing one shows its block, school and distance.
 * Schools are drawn by type as on the printed maps (circle primary, square junior, diamond
 * nine-year) and labelled with their names. The map.html of `zoneplan diff` adds a page of
 * what changed (data.changes): moved blocks and the old boundaries, as on changed.pdf.
 * The public notice's page (data.public) has no figures or flags: schools, catchments, and
 * each community's school and distance.
 * A walking run's page carries the walks (data.walks: per level, each school's tree of
 * [parent, line]; each block's walk: [node, line] per level, lines flat lon, lat): the
 * hovered or chosen block's route to its school is drawn, its way onto the road and then
 * from node to parent up to node 0, which ends at the school.
 * window.zoneplan is for tests and for anyone scripting the page. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('zp-data').textContent);
  var W = data.words;
  var info = document.getElementById('zp-info');
  var map = L.map('zp-map', { zoomSnap: 0.25, preferCanvas: false });
  var levels = data.levels;
  var shown = 0; /* index into levels */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function line(parent, label, value) {
    var row = el('div', 'zp-row');
    row.appendChild(el('span', 'zp-label', label + ': '));
    row.appendChild(el('span', 'zp-value', String(value)));
    parent.appendChild(row);
  }

  function schoolText(i) {
    if (i < 0) return W.no_place;
    var s = data.schools[i];
    return s.name + ' (' + s.id + ')';
  }

  /* "class_size;classrooms" in the page's language, or "none". */
  function flagText(flags) {
    if (!flags) return W.none;
    return flags.split(';').map(function (f) { return W['flag_' + f] || f; }).join('; ');
  }

  function fmt(n) {
    return Number(n).toLocaleString(data.lang === 'zh' ? 'zh-CN' : 'en');
  }

  /* The box without a block under the mouse: the title, the level and how to use the map. */
  function infoDefault() {
    info.textContent = '';
    info.appendChild(el('div', 'zp-title', data.title));
    if (levels.length) info.appendChild(el('div', 'zp-level', W[levels[shown].key]));
    if (data.blocks_omitted)
      info.appendChild(el('div', 'zp-note', W.blocks_omitted + fmt(data.nblocks)));
    else info.appendChild(el('div', 'zp-note', W.hint));
  }

  function infoBlock(b) {
    var l = levels[shown].level;
    info.textContent = '';
    info.appendChild(el('div', 'zp-title', b.name + ' (' + b.id + ')'));
    info.appendChild(el('div', 'zp-level', W[levels[shown].key]));
    line(info, W.school, schoolText(b.school[l]));
    line(info, W.distance, b.dist[l] === null ? W.none : fmt(Math.round(b.dist[l])) + ' ' + W.metres);
    if (b.kids) line(info, W.children, fmt(b.kids[l]));
    if (changes && was[l][b.id] !== undefined)
      line(info, W.was, was[l][b.id] === null ? W.was_new : was[l][b.id] || W.no_place);
  }

  function infoCatchment(c, l) {
    info.textContent = '';
    info.appendChild(el('div', 'zp-title', schoolText(c.school)));
    info.appendChild(el('div', 'zp-level', W[levels[shown].key]));
    if (data.public) return; /* the notice's page: no figures or flags */
    line(info, W.enrolled + ' / ' + W.capacity, fmt(c.children) + ' / ' + fmt(c.capacity));
    line(info, W.flags, flagText(c.flags));
  }

  /* Figures of a school at every level it serves, then the whole school. */
  function schoolPopup(s) {
    var box = el('div', 'zp-popup');
    box.appendChild(el('div', 'zp-title', s.name + ' (' + s.id + ')'));
    box.appendChild(el('div', 'zp-type', W['school_' + s.type] || s.type));
    if (data.public) return box;
    ['primary', 'junior'].forEach(function (key, l) {
      if (s.serves[l])
        line(box, W[key] + ' ' + W.enrolled + ' / ' + W.capacity,
          fmt(s.children[l]) + ' / ' + fmt(s.capacity[l]));
    });
    line(box, W.pupils + ' / ' + W.school_cap, fmt(s.pupils) + ' / ' + fmt(s.school_cap));
    line(box, W.flags, flagText(s.flags));
    return box;
  }

  /* A school's symbol by type, as the printed maps draw it: an SVG in a div icon. */
  function schoolIcon(type) {
    var shape = type === 'junior' ? '<rect x="3" y="3" width="12" height="12"/>'
      : type === 'nine_year' ? '<polygon points="9,1 17,9 9,17 1,9"/>'
        : '<circle cx="9" cy="9" r="6.5"/>';
    return L.divIcon({
      className: 'zp-school zp-school-' + type, iconSize: [18, 18], iconAnchor: [9, 9],
      html: '<svg width="18" height="18" viewBox="0 0 18 18"><g fill="#fff" stroke="#111" ' +
        'stroke-width="2">' + shape + '</g><circle cx="9" cy="9" r="2.3" fill="#111"/></svg>'
    });
  }

  map.createPane('zp-blocks').style.zIndex = 450;
  map.createPane('zp-schools').style.zIndex = 460;

  /* One layer group per level: its catchments (one SVG path each, class zp-catchment,
   * hoverable only when there are no blocks to hover) and the schools serving it. */
  var groups = {}, counts = {};
  levels.forEach(function (lv, k) {
    var group = L.layerGroup();
    counts[lv.key] = 0;
    lv.catchments.forEach(function (c) {
      if (!c.geometry) return;
      counts[lv.key]++;
      var layer = L.geoJSON(c.geometry, {
        interactive: data.blocks_omitted,
        className: 'zp-catchment', /* given to the path when made; a style cannot set it */
        style: {
          color: '#333333', weight: 1.5, opacity: 0.9,
          fillColor: c.colour, fillOpacity: 0.6
        }
      });
      if (data.blocks_omitted) {
        layer.on('mouseover', function () { infoCatchment(c, lv.level); });
        layer.on('mouseout', infoDefault);
      }
      group.addLayer(layer);
    });
    data.schools.forEach(function (s) {
      if (!s.serves[lv.level]) return;
      L.marker([s.pt[1], s.pt[0]], { pane: 'zp-schools', icon: schoolIcon(s.type), title: s.name })
        .bindTooltip(el('span', null, s.name), { permanent: true, direction: 'right', offset: [8, 0],
          className: 'zp-school-label' })
        .bindPopup(function () { return schoolPopup(s); }, { maxWidth: 420 }).addTo(group);
    });
    groups[W[lv.key]] = group;
    group.zpLevel = k;
  });

  /* The walking route of block b at the level shown, as Leaflet [lat, lon] pairs; null for a
   * straight-line run or a block with no school. */
  function walkOf(b) {
    var l = levels.length ? levels[shown].level : -1;
    var w = b.walk && l >= 0 ? b.walk[l] : null;
    if (!w || b.school[l] < 0 || !data.walks || !data.walks[l]) return null;
    var tree = data.walks[l][b.school[l]], out = [];
    function add(flat) {
      for (var i = 0; i + 1 < flat.length; i += 2) out.push([flat[i + 1], flat[i]]);
    }
    add(w[1]);
    for (var n = w[0], guard = 0; n >= 0 && tree[n] && guard <= tree.length; n = tree[n][0], guard++)
      add(tree[n][1]);
    return out;
  }
  var walkLine = null;
  function showWalk(b) {
    if (walkLine) map.removeLayer(walkLine);
    walkLine = null;
    var pts = walkOf(b);
    if (pts) walkLine = L.polyline(pts, { pane: 'zp-schools', className: 'zp-walk', interactive: false,
      color: '#d40000', weight: 3, opacity: 0.9, dashArray: '6 4' }).addTo(map);
  }

  /* The blocks: thin outlines, filled transparent so the whole block takes the mouse. */
  if (!data.blocks_omitted && data.blocks.length) {
    var renderer = data.blocks_canvas ? L.canvas({ pane: 'zp-blocks' }) : L.svg({ pane: 'zp-blocks' });
    var style = { color: '#555555', weight: 0.5, opacity: 0.5, fillOpacity: 0 };
    L.geoJSON({
      type: 'FeatureCollection',
      features: data.blocks.map(function (b, i) {
        return { type: 'Feature', properties: { i: i }, geometry: b.geometry };
      })
    }, { renderer: renderer, pane: 'zp-blocks', className: 'zp-block', style: style })
      .on('mouseover', function (e) {
        e.layer.setStyle({ weight: 2, opacity: 1 });
        infoBlock(data.blocks[e.layer.feature.properties.i]);
        showWalk(data.blocks[e.layer.feature.properties.i]);
      })
      .on('mouseout', function (e) {
        e.layer.setStyle(style);
        infoDefault();
        if (walkLine) map.removeLayer(walkLine);
        walkLine = null;
      })
      .addTo(map);
  }

  /* zoneplan diff's map.html: a page of what changed over the level shown: the blocks that
   * change school in their new school's colour and the old boundaries dashed (class zp-moved,
   * zp-old); the hover box says which school a block had. */
  var changes = null, was = [{}, {}];
  if (data.changes && !data.blocks_omitted) {
    map.createPane('zp-changes').style.zIndex = 420; /* over the catchments, under the blocks */
    changes = L.layerGroup();
    data.changes.moved.forEach(function (list, l) {
      list.forEach(function (m) { was[l][data.blocks[m.b].id] = m.was; });
    });
  }
  function drawChanges() {
    if (!changes || !levels.length) return;
    changes.clearLayers();
    var lv = levels[shown], colour = {};
    lv.catchments.forEach(function (c) { colour[c.school] = c.colour; });
    data.changes.moved[lv.level].forEach(function (m) {
      var blk = data.blocks[m.b];
      if (!blk.geometry) return;
      changes.addLayer(L.geoJSON(blk.geometry, {
        pane: 'zp-changes', interactive: false, className: 'zp-moved',
        style: { color: '#111111', weight: 1.2, fillColor: colour[blk.school[lv.level]] || '#c00000',
          fillOpacity: 0.9 }
      }));
    });
    data.changes.old.forEach(function (o) {
      if (o.level !== lv.level || !o.geometry) return;
      changes.addLayer(L.geoJSON(o.geometry, {
        pane: 'zp-changes', interactive: false, className: 'zp-old',
        style: { color: '#b30d0d', weight: 2, dashArray: '6 4', fill: false }
      }));
    });
  }

  if (levels.length) {
    groups[W[levels[0].key]].addTo(map);
    var overlays = null;
    if (changes) {
      overlays = {};
      overlays[W.changes] = changes;
      drawChanges();
      changes.addTo(map);
    }
    L.control.layers(groups, overlays, { collapsed: false }).addTo(map);
  }
  map.on('baselayerchange', function (e) {
    shown = e.layer.zpLevel;
    drawChanges();
    infoDefault();
  });

  var b = data.bbox;
  if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [12, 12] });
  else map.setView([0, 0], 2);
  infoDefault();

  var blockIndex = {};
  data.blocks.forEach(function (blk, i) { blockIndex[blk.id] = i; });

  /* The search box: communities whose name holds the text typed (at most 20 listed); choosing
   * one outlines its block, moves the map to it and shows its school and distance. */
  var found = null; /* the chosen block's outline */
  function choose(i) {
    var b = data.blocks[i];
    if (found) map.removeLayer(found);
    found = null;
    if (b.geometry) {
      found = L.geoJSON(b.geometry, { pane: 'zp-schools', className: 'zp-found', interactive: false,
        style: { color: '#d40000', weight: 3, fillOpacity: 0.15 } }).addTo(map);
      map.fitBounds(found.getBounds(), { maxZoom: 16, padding: [40, 40] });
    } else if (b.pt) {
      map.setView([b.pt[1], b.pt[0]], 16);
    }
    infoBlock(b);
    showWalk(b);
  }
  var Search = L.Control.extend({
    onAdd: function () {
      var box = el('div', 'zp-search leaflet-bar');
      var input = el('input');
      input.id = 'zp-search';
      input.type = 'search';
      input.placeholder = W.search;
      var list = el('ul', 'zp-matches');
      box.appendChild(input);
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      input.addEventListener('input', function () {
        var q = input.value.trim();
        list.textContent = '';
        if (!q) return;
        var n = 0;
        for (var i = 0; i < data.blocks.length && n < 20; i++) {
          if (data.blocks[i].name.indexOf(q) < 0) continue;
          var item = el('li', 'zp-match', data.blocks[i].name);
          item.dataset.block = data.blocks[i].id;
          item.addEventListener('click', choose.bind(null, i));
          list.appendChild(item);
          n++;
        }
        if (!n) list.appendChild(el('li', 'zp-nomatch', W.no_match));
      });
      return box;
    }
  });
  if (!data.blocks_omitted) new Search({ position: 'topleft' }).addTo(map);
  window.zoneplan = {
    map: map,
    catchments: counts,
    level: function () { return levels.length ? levels[shown].key : null; },
    walk: function (id) {
      var i = blockIndex[id];
      return i === undefined ? null : walkOf(data.blocks[i]);
    },
    blockPoint: function (id) {
      var i = blockIndex[id];
      var pt = i === undefined ? null : data.blocks[i].pt;
      return pt ? [pt[1], pt[0]] : null;
    }
  };
})();
